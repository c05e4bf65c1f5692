import type { Element, Node } from "@xmldom/xmldom"
import { MissingField } from "../errors.js"

/**
 * Namespace-aware element access. AdE documents qualify only the root; its children are
 * unqualified (no namespace) in the XSDs (elementFormDefault is unqualified), so children are
 * matched by local name with a null namespace, and XMLDSig elements by the dsig namespace.
 */

const ELEMENT_NODE = 1

export const childElements = (parent: Element, local: string, namespace: string | null = null): Element[] => {
  const out: Element[] = []
  for (let n: Node | null = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== ELEMENT_NODE) continue
    const el = n as Element
    if (el.localName === local && (el.namespaceURI ?? null) === namespace) out.push(el)
  }
  return out
}

export const allChildElements = (parent: Element): Element[] => {
  const out: Element[] = []
  for (let n: Node | null = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as Element)
  return out
}

export const childElement = (parent: Element, local: string, namespace: string | null = null): Element | undefined =>
  childElements(parent, local, namespace)[0]

/** A located element: the element plus its path from the root, used to name fields in errors. */
export interface Located {
  readonly el: Element
  readonly path: string
}

export const at = (el: Element, path = ""): Located => ({ el, path })

const join = (base: string, local: string) => (base ? `${base}/${local}` : local)

export const optional = (from: Located, local: string): Located | undefined => {
  const el = childElement(from.el, local)
  return el ? { el, path: join(from.path, local) } : undefined
}

export const required = (from: Located, local: string): Located => {
  const found = optional(from, local)
  if (!found) throw new MissingField({ path: join(from.path, local) })
  return found
}

/** Every `local` child, with 1-based indexes in their paths when there is more than one. */
export const many = (from: Located, local: string): Located[] => {
  const els = childElements(from.el, local)
  return els.map((el, i) => ({ el, path: join(from.path, els.length > 1 ? `${local}[${i + 1}]` : local) }))
}

/** Text content, whitespace-collapsed at the ends as XSD simple types do. */
export const textOf = (l: Located): string => (l.el.textContent ?? "").trim()

import { type Document, type Element, type Node, XMLSerializer } from "@xmldom/xmldom"
import { NS } from "../namespaces.js"

const ELEMENT_NODE = 1
const TEXT_NODE = 3
const BASE64_ELEMENTS = new Set(["DigestValue", "SignatureValue", "X509Certificate"])

const isBlankText = (n: Node) => n.nodeType === TEXT_NODE && /^\s*$/.test(n.nodeValue ?? "")

/**
 * Serialises a copy of `doc` without the whitespace that carries no information under the AdE
 * XSDs: whitespace-only text between elements (element-only content) and the whitespace around
 * base64 values in the signature. Some tools re-indent signed files after signing (the c1.xml
 * sample was signed compact, then pretty-printed); this lets such a file verify while any change
 * to a value (a digit, a code, a date) still breaks the signature.
 */
export const withoutInsignificantWhitespace = (doc: Document): string => {
  const copy = doc.cloneNode(true) as Document
  const visit = (el: Element) => {
    const children: Node[] = []
    for (let n: Node | null = el.firstChild; n; n = n.nextSibling) children.push(n)
    const hasElementChild = children.some((n) => n.nodeType === ELEMENT_NODE)
    for (const n of children) {
      if (hasElementChild && isBlankText(n)) el.removeChild(n)
      else if (n.nodeType === ELEMENT_NODE) visit(n as Element)
    }
    if (!hasElementChild && el.namespaceURI === NS.dsig && BASE64_ELEMENTS.has(el.localName ?? "")) {
      const text = el.textContent ?? ""
      if (text.trim() !== text) el.textContent = text.trim()
    }
  }
  if (copy.documentElement) visit(copy.documentElement)
  return new XMLSerializer().serializeToString(copy)
}

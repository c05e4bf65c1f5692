import { DOMParser, type Element } from "@xmldom/xmldom"

export const SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"

/** The element children of `parent`, in document order (text and comments skipped). */
export const childElements = (parent: Element): ReadonlyArray<Element> => {
  const out: Array<Element> = []
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as Element)
  return out
}

export type ParsedRequest =
  | { readonly ok: true; readonly root: Element }
  | { readonly ok: false; readonly code: "NO_DATA" | "PARSER_ERROR"; readonly reason: string }

/**
 * Reads the one request element inside a SOAP 1.1 envelope. Envelope and Body are found by
 * namespace, whatever prefix the client chose.
 */
export const parseSoapRequest = (text: string): ParsedRequest => {
  if (text.trim() === "") return { ok: false, code: "NO_DATA", reason: "empty request body" }
  let document
  try {
    document = new DOMParser({ onError: (level, message) => {
      if (level !== "warning") throw new Error(message)
    } }).parseFromString(text, "text/xml")
  } catch (error) {
    return { ok: false, code: "PARSER_ERROR", reason: (error as Error).message }
  }
  const envelope = document.documentElement
  if (!envelope || envelope.namespaceURI !== SOAP_NS || envelope.localName !== "Envelope") {
    return { ok: false, code: "PARSER_ERROR", reason: "not a SOAP 1.1 envelope" }
  }
  const body = childElements(envelope).find((e) => e.namespaceURI === SOAP_NS && e.localName === "Body")
  const root = body ? childElements(body)[0] : undefined
  return root ? { ok: true, root } : { ok: false, code: "PARSER_ERROR", reason: "empty SOAP Body" }
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;")

/** One fpmate reply: `success`, `code`, `status` and the `addInfo` fields, in order. */
export interface Reply {
  readonly success: boolean
  readonly code: string
  readonly status: string
  /** Names listed in `elementList`; the printer does not always list every child it sends. */
  readonly elementList: ReadonlyArray<string>
  readonly fields: ReadonlyArray<readonly [string, string]>
}

/** The SOAP envelope the printer answers with (prefix `soapenv`, as the device writes it). */
export const renderReply = (reply: Reply): string => {
  const fields = reply.fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join("")
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body>` +
    `<response success="${reply.success}" code="${escapeXml(reply.code)}" status="${escapeXml(reply.status)}">` +
    `<addInfo><elementList>${reply.elementList.join(",")}</elementList>${fields}</addInfo>` +
    `</response></soapenv:Body></soapenv:Envelope>`
  )
}

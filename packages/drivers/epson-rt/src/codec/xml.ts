import { DeviceProtocolError } from "@fisco/core"
import { DOMParser, type Element, type Node } from "@xmldom/xmldom"
import { Either } from "effect"

/** SOAP 1.1, the envelope fpmate.cgi speaks. */
export const SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }

/** Escapes text for an XML attribute or element body. */
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)

/** One empty element with its attributes in the given order, e.g. `<printXReport operator="1" />`. */
export const element = (name: string, attributes: ReadonlyArray<readonly [string, string | number]> = []): string =>
  `<${name}${attributes.map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`).join("")} />`

/** Wraps one fpmate root element (`printerFiscalReceipt`, `printerCommand`…) in a SOAP envelope. */
export const soapEnvelope = (root: string): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<s:Envelope xmlns:s="${SOAP_NS}"><s:Body>${root}</s:Body></s:Envelope>`

/** A parsed fpmate `<response>`: its three attributes and every `addInfo` child, by local name. */
export interface FpmateReply {
  readonly success: boolean
  /** Text code such as `EPTR_REC_EMPTY` or `PRINTER ERROR`; empty on success. */
  readonly code: string
  /** Native fiscal error number; absent when the attribute is missing or not a number. */
  readonly status?: number
  /** Every child of `addInfo` (not only those `elementList` names: status replies carry more). */
  readonly addInfo: Readonly<Record<string, string>>
  /** The reply body as received. */
  readonly raw: string
}

const protocolError = (reason: string) => new DeviceProtocolError({ reason })

const childElements = (node: Node): Array<Element> => {
  const out: Array<Element> = []
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === 1) out.push(child as Element)
  }
  return out
}

const parseDocument = (body: string): Either.Either<Element, DeviceProtocolError> => {
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message)
      }
    }).parseFromString(body, "text/xml")
    const root = document.documentElement
    return root ? Either.right(root) : Either.left(protocolError("reply has no root element"))
  } catch (error) {
    return Either.left(protocolError(`reply is not well-formed XML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`))
  }
}

/** Finds `<response>` inside `Envelope/Body`, matching the SOAP elements by namespace, not by prefix. */
const findResponse = (root: Element): Element | undefined => {
  if (root.localName === "response") return root
  if (root.localName !== "Envelope" || root.namespaceURI !== SOAP_NS) return undefined
  const body = childElements(root).find((e) => e.localName === "Body" && e.namespaceURI === SOAP_NS)
  return body && childElements(body).find((e) => e.localName === "response")
}

/** Parses an fpmate reply. Never throws: anything unexpected becomes a `DeviceProtocolError`. */
export const parseReply = (body: string): Either.Either<FpmateReply, DeviceProtocolError> =>
  Either.flatMap(parseDocument(body), (root) => {
    const response = findResponse(root)
    if (!response) return Either.left(protocolError(`expected a SOAP envelope holding <response>, got <${root.nodeName}>`))
    const success = response.getAttribute("success")?.trim().toLowerCase()
    if (success !== "true" && success !== "false") return Either.left(protocolError(`<response> has success=${JSON.stringify(success ?? null)}`))
    const statusText = response.getAttribute("status")?.trim() ?? ""
    const addInfo: Record<string, string> = {}
    const info = childElements(response).find((e) => e.localName === "addInfo")
    for (const child of info ? childElements(info) : []) {
      const name = child.localName ?? child.nodeName
      const text = child.textContent ?? ""
      // directIO answers are fixed-width: their spaces are data.
      addInfo[name] = name === "responseData" ? text : text.trim()
    }
    return Either.right({
      success: success === "true",
      code: response.getAttribute("code")?.trim() ?? "",
      ...(/^\d+$/.test(statusText) ? { status: Number(statusText) } : {}),
      addInfo,
      raw: body
    })
  })

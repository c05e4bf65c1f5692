import { DOMParser, type Element } from "@xmldom/xmldom"

const SOAP = "http://schemas.xmlsoap.org/soap/envelope/"

/** An fpmate reply as a test reads it: attributes and every addInfo child by name. */
export interface FpmateReply {
  readonly success: boolean
  readonly code: string
  readonly status: string
  readonly elementList: ReadonlyArray<string>
  readonly info: Readonly<Record<string, string>>
}

const elements = (parent: Element) => {
  const out: Array<Element> = []
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element)
  return out
}

/** Reads a reply envelope by namespace, as a careful client would. */
export const parseReply = (xml: string): FpmateReply => {
  const envelope = new DOMParser().parseFromString(xml, "text/xml").documentElement!
  if (envelope.namespaceURI !== SOAP || envelope.localName !== "Envelope") throw new Error(`not a SOAP envelope: ${xml}`)
  const body = elements(envelope).find((e) => e.namespaceURI === SOAP && e.localName === "Body")!
  const response = elements(body)[0]!
  const addInfo = elements(response).find((e) => e.localName === "addInfo")
  const info = Object.fromEntries((addInfo ? elements(addInfo) : []).map((e) => [e.localName!, e.textContent ?? ""]))
  return {
    success: response.getAttribute("success") === "true",
    code: response.getAttribute("code") ?? "",
    status: response.getAttribute("status") ?? "",
    elementList: (info.elementList ?? "").split(",").filter((s) => s !== ""),
    info
  }
}

/** Wraps a request root in a SOAP envelope, with the prefix a client picks. */
export const envelope = (root: string, prefix = "s") =>
  `<?xml version="1.0" encoding="utf-8"?><${prefix}:Envelope xmlns:${prefix}="${SOAP}"><${prefix}:Body>${root}</${prefix}:Body></${prefix}:Envelope>`

/** POSTs raw text to the printer's fpmate endpoint and returns the reply text. */
export const postRaw = async (url: string, body: string, signal?: AbortSignal): Promise<string> => {
  const response = await fetch(`${url}/cgi-bin/fpmate.cgi?devid=local_printer&timeout=6000`, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""' },
    body,
    ...(signal ? { signal } : {})
  })
  return response.text()
}

export const fpmate = async (url: string, root: string, signal?: AbortSignal): Promise<FpmateReply> => parseReply(await postRaw(url, envelope(root), signal))

export interface Item {
  readonly description?: string
  readonly quantity?: string
  readonly unitPrice: string
  readonly department: number
}

const item = (i: Item, element = "printRecItem") =>
  `<${element} operator="1" description="${i.description ?? "Articolo"}" quantity="${i.quantity ?? "1"}" unitPrice="${i.unitPrice}" department="${i.department}" justification="1"/>`

/** A sale paid with `payments` (paymentType, amount); extra commands go after the items. */
export const saleXml = (items: ReadonlyArray<Item>, payments: ReadonlyArray<readonly [number, string]>, extra = "") =>
  `<printerFiscalReceipt><beginFiscalReceipt operator="1"/>${items.map((i) => item(i)).join("")}${extra}` +
  payments.map(([type, amount]) => `<printRecTotal operator="1" description="PAGAMENTO" payment="${amount}" paymentType="${type}" index="0" justification="1"/>`).join("") +
  `<endFiscalReceipt operator="1"/></printerFiscalReceipt>`

/** The reference line of a refund or void: REFUND zzzz nnnn ddmmyyyy MATRICOLA. */
export const referenceLine = (kind: "REFUND" | "VOID", z: number, document: number, date: string, matricola: string) =>
  `${kind} ${String(z).padStart(4, "0")} ${String(document).padStart(4, "0")} ${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(0, 4)} ${matricola}`

export const refundXml = (reference: string, items: ReadonlyArray<Item>) =>
  `<printerFiscalReceipt><printRecMessage operator="1" messageType="4" message="${reference}"/><beginFiscalReceipt operator="1"/>` +
  items.map((i) => item(i, "printRecRefund")).join("") +
  `<printRecTotal operator="1" description="CONTANTI" payment="0" paymentType="0" index="0"/><endFiscalReceipt operator="1"/></printerFiscalReceipt>`

export const voidXml = (reference: string) =>
  `<printerFiscalReceipt><printRecMessage operator="1" messageType="4" message="${reference}"/><beginFiscalReceipt operator="1"/>` +
  `<printRecTotal operator="1" description="ANNULLO" payment="0" paymentType="0" index="0"/><endFiscalReceipt operator="1"/></printerFiscalReceipt>`

export const directIo = (command: string, data: string) => `<printerCommand><directIO command="${command}" data="${data}"/></printerCommand>`
export const queryStatus = (statusType: 0 | 1) => `<printerCommand><queryPrinterStatus operator="1" statusType="${statusType}"/></printerCommand>`
export const zReport = `<printerFiscalReport><printZReport operator="1" timeout="60000"/></printerFiscalReport>`
export const xReport = `<printerFiscalReport><printXReport operator="1"/></printerFiscalReport>`

/** A clock tests move by hand. */
export const manualClock = (iso: string) => {
  let now = new Date(iso)
  return {
    clock: () => now,
    set: (next: string) => {
      now = new Date(next)
    }
  }
}

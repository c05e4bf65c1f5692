import { formatAmount, formatQuantity } from "./amounts.js"
import { ITEM_DESCRIPTION_MAX, MESSAGE_MAX, deviceText } from "./text.js"
import { element, soapEnvelope } from "./xml.js"

/** The operator every command is sent as (fpmate operators 1–12; the driver is one till). */
export const OPERATOR = "1"

/** `printRecItemAdjustment` / `printRecSubtotalAdjustment` adjustment types (native 1-083). */
export const AdjustmentType = {
  discountLastItem: 0,
  discountSubtotal: 1,
  discountSubtotalNoLine: 2,
  discountDepartment: 3,
  surchargeLastItem: 5,
  surchargeSubtotal: 6,
  surchargeSubtotalNoLine: 7,
  surchargeDepartment: 8
} as const

/** `printRecMessage` message types. */
export const MessageType = { header: 1, trailer: 2, promo: 3, description: 4, customerId: 7, eftPos: 8 } as const

/** A line of a sold or refunded item as the device prices it: quantity × unit price, in a department. */
export interface ItemLine {
  readonly description: string
  readonly quantityMilli: number
  readonly unitPrice: number
  readonly department: number
}

/** One step of a `printerFiscalReceipt`, in the order the device executes them. Amounts in cents. */
export type ReceiptStep =
  | { readonly step: "message"; readonly messageType: number; readonly text: string; readonly index?: number }
  | { readonly step: "begin" }
  | ({ readonly step: "item" } & ItemLine)
  | ({ readonly step: "item-void" } & ItemLine)
  | ({ readonly step: "refund" } & ItemLine)
  | { readonly step: "item-adjustment"; readonly adjustmentType: number; readonly description: string; readonly amount: number; readonly department: number }
  | { readonly step: "subtotal-adjustment"; readonly adjustmentType: number; readonly description: string; readonly amount: number }
  | { readonly step: "subtotal" }
  | { readonly step: "customer-tax-id"; readonly taxId: string }
  | { readonly step: "lottery"; readonly code: string }
  | { readonly step: "total"; readonly description: string; readonly amount: number; readonly paymentType: number; readonly index: number }
  | { readonly step: "end" }

const op = ["operator", OPERATOR] as const
const itemText = (text: string) => deviceText(text, ITEM_DESCRIPTION_MAX)

const itemAttributes = (line: ItemLine) =>
  [
    op,
    ["description", itemText(line.description)],
    ["quantity", formatQuantity(line.quantityMilli)],
    ["unitPrice", formatAmount(line.unitPrice)],
    ["department", line.department],
    ["justification", 1]
  ] as const

/** directIO 1060 carries a partita IVA (11 digits), 1061 a codice fiscale; both after the operator. */
export const customerTaxIdDirectIO = (taxId: string): { readonly command: number; readonly data: string } => ({
  command: /^\d{11}$/.test(taxId) ? 1060 : 1061,
  data: `${OPERATOR.padStart(2, "0")}${taxId.toUpperCase()}`
})

/** One receipt step as its fpmate element. */
export const encodeStep = (step: ReceiptStep): string => {
  switch (step.step) {
    case "message":
      return element("printRecMessage", [op, ["messageType", step.messageType], ["index", step.index ?? 1], ["font", 1], ["message", deviceText(step.text, MESSAGE_MAX)]])
    case "begin":
      return element("beginFiscalReceipt", [op])
    case "item":
      return element("printRecItem", itemAttributes(step))
    case "item-void":
      return element("printRecItemVoid", itemAttributes(step))
    case "refund":
      return element("printRecRefund", itemAttributes(step))
    case "item-adjustment":
      return element("printRecItemAdjustment", [
        op,
        ["adjustmentType", step.adjustmentType],
        ["description", itemText(step.description)],
        ["amount", formatAmount(step.amount)],
        ["department", step.department],
        ["justification", 1]
      ])
    case "subtotal-adjustment":
      return element("printRecSubtotalAdjustment", [
        op,
        ["adjustmentType", step.adjustmentType],
        ["description", itemText(step.description)],
        ["amount", formatAmount(step.amount)],
        ["justification", 1]
      ])
    case "subtotal":
      return element("printRecSubtotal", [op, ["option", 1]])
    case "customer-tax-id": {
      const { command, data } = customerTaxIdDirectIO(step.taxId)
      return element("directIO", [["command", command], ["data", data]])
    }
    case "lottery":
      return element("printRecLotteryID", [op, ["code", step.code]])
    case "total":
      return element("printRecTotal", [
        op,
        ["description", itemText(step.description)],
        ["payment", formatAmount(step.amount)],
        ["paymentType", step.paymentType],
        ["index", step.index],
        ["justification", 1]
      ])
    case "end":
      return element("endFiscalReceipt", [op])
  }
}

/** A whole `printerFiscalReceipt` request. */
export const fiscalReceiptRequest = (steps: ReadonlyArray<ReceiptStep>): string =>
  soapEnvelope(`<printerFiscalReceipt>${steps.map(encodeStep).join("")}</printerFiscalReceipt>`)

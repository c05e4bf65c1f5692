import { type DeviceError, DeviceProtocolError, FiscalPrinter, type FiscalPrinterShape, defineDriver, unsupported } from "@fisco/core"
import { Effect, Either, Layer, Option } from "effect"
import { type Stored, parseClosure, parseDocument, parseIdentity, parseStatus, saleArgs } from "./codec.js"
import { AcmeTp1Config } from "./config.js"
import { type AcmeSession, makeAcmeSession } from "./session.js"
import { tcpTransport } from "./tcp-transport.js"

export const ACME_TP1 = "acme-tp1"

/** The answer to a print or a closure must carry a value: NONE there is a protocol error. */
const required =
  <A>(parse: (fields: ReadonlyArray<string>) => Either.Either<Stored<A> | null, DeviceError>) =>
  (fields: ReadonlyArray<string>): Either.Either<A, DeviceError> =>
    Either.flatMap(parse(fields), (stored) =>
      stored ? Either.right(stored.value) : Either.left(new DeviceProtocolError({ reason: "NONE in answer to a command that prints" }))
    )

/**
 * The TP-1 can sell, read back its last document and close the day. It has no refunds, voids or
 * X reports, so those fail with `Unsupported` (never with an empty answer).
 */
export const acmeService = (session: AcmeSession): FiscalPrinterShape => ({
  status: Effect.flatMap(session.query("STATUS"), ({ fields, line }) => parseStatus(fields, line)),
  identify: Effect.flatMap(session.query("IDENT"), ({ fields }) => parseIdentity(fields)),
  printSale: (sale) => session.commit("SALE", saleArgs(sale), required(parseDocument), { verb: "LAST", parse: parseDocument }),
  lastDocument: Effect.flatMap(session.query("LAST"), ({ fields }) => Either.map(parseDocument(fields), (d) => Option.fromNullable(d?.value))),
  dailyClosure: session.commit("ZREPORT", [], required(parseClosure), { verb: "LASTZ", parse: parseClosure }),
  printRefund: () => unsupported(ACME_TP1, "refund"),
  printVoid: () => unsupported(ACME_TP1, "void"),
  xReport: unsupported(ACME_TP1, "x-report"),
  fiscalFiles: () => unsupported(ACME_TP1, "fiscal-archive"),
  readFiscalFile: () => unsupported(ACME_TP1, "fiscal-archive"),
  zTransmission: () => unsupported(ACME_TP1, "z-transmission"),
  cashRegister: unsupported(ACME_TP1, "cash-register")
})

export const acmeTp1Driver = defineDriver({
  id: ACME_TP1,
  displayName: "Acme TP-1 receipt printer",
  kinds: ["rt-printer"],
  capabilities: ["sale", "last-document", "z-report"],
  configSchema: AcmeTp1Config,
  make: (config) => Layer.effect(FiscalPrinter, Effect.map(makeAcmeSession(tcpTransport(config)), acmeService))
})

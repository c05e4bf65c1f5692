import { Either } from "effect"
import { type Corrispettivi, parseCorrispettivi } from "./corrispettivi.js"
import { type DocumentKind, kindOfDocument } from "./document-kind.js"
import { type Esito, parseEsito } from "./esito.js"
import { type Evento, parseEvento } from "./evento.js"
import type { AdeParseError } from "./errors.js"
import { type SignatureReport, signerMatchesMatricola, verifySignature } from "./signature.js"
import { type SchemaIssue, validateAgainstXsd } from "./xsd.js"
import { parseXml } from "./xml/parse-xml.js"

export interface VerifyOptions {
  /** Directory of the official AdE XSDs (see `findAdeSchemaDir`). Without it the schema is not checked and `ok` is false. */
  readonly schemaDir?: string
  /** The matricola the device document must be signed by (certificate CN). */
  readonly expectedMatricola?: string
  /** Clock for certificate expiry. */
  readonly now?: Date
}

export interface SchemaCheck {
  readonly checked: boolean
  readonly valid: boolean
  readonly schema?: string
  readonly errors: ReadonlyArray<SchemaIssue>
  readonly tolerated: ReadonlyArray<SchemaIssue>
}

/**
 * What `fisco rt verify <file>` prints: plain JSON. `ok` means the file is an authentic, well-formed
 * corrispettivi file or AdE reply: XSD valid, signature valid, content parsed, and (when asked) signed
 * by the expected matricola. An authentic AdE reply that REJECTS a transmission is still `ok`; its
 * verdict is in `esito.outcome`.
 */
export interface VerificationReport {
  readonly kind: DocumentKind | "unknown"
  readonly ok: boolean
  /** Every reason `ok` is false, in words. */
  readonly problems: ReadonlyArray<string>
  readonly schema: SchemaCheck
  readonly signature: SignatureReport
  /** Device identity: the signer CN of a device document (COR10, event). */
  readonly matricola?: string
  readonly matricolaMatches?: boolean
  readonly parseError?: { readonly code: string; readonly message: string }
  readonly corrispettivi?: Corrispettivi
  readonly esito?: Esito
  readonly evento?: Evento
}

/** The corrispettivi system's own documents: the daily file, device events (same namespace) and AdE's replies. */
const VERIFIABLE: ReadonlySet<DocumentKind> = new Set(["corrispettivi", "evento", "esito", "esito-lotteria"])
const DEVICE_SIGNED: ReadonlySet<DocumentKind> = new Set(["corrispettivi", "evento"])

type Parsed = { corrispettivi: Corrispettivi } | { esito: Esito } | { evento: Evento } | Record<string, never>

const parseContent = (xml: string, kind: DocumentKind): Either.Either<Parsed, AdeParseError> => {
  switch (kind) {
    case "corrispettivi":
      return Either.map(parseCorrispettivi(xml), (corrispettivi) => ({ corrispettivi }))
    case "esito":
    case "esito-lotteria":
      return Either.map(parseEsito(xml), (esito) => ({ esito }))
    case "evento":
      return Either.map(parseEvento(xml), (evento) => ({ evento }))
    default:
      return Either.right({})
  }
}

const schemaCheck = async (xml: string, kind: DocumentKind | undefined, schemaDir: string | undefined, problems: string[]): Promise<SchemaCheck> => {
  const unchecked = (why: string): SchemaCheck => (problems.push(why), { checked: false, valid: false, errors: [], tolerated: [] })
  if (!kind) return unchecked("schema not checked: not an AdE document")
  if (!schemaDir) return unchecked("schema not checked: no AdE schema directory (set FISCO_ADE_SCHEMAS)")
  const result = await validateAgainstXsd(xml, kind, { schemaDir })
  if (Either.isLeft(result)) return unchecked(result.left.message)
  const { schema, valid, errors, tolerated } = result.right
  if (!valid) problems.push(`not valid against ${schema}: ${errors[0]?.message ?? ""}`)
  return { checked: true, valid, schema, errors, tolerated }
}

/**
 * Verifies an AdE file end to end: classifies it, validates it against its official XSD, checks
 * its XMLDSig with the embedded certificate, checks the signer is the expected matricola, and
 * parses it into typed totals or a typed outcome. Never throws on bad input.
 */
export const verifyCorrispettivi = async (xml: string, options: VerifyOptions = {}): Promise<VerificationReport> => {
  const problems: string[] = []
  const doc = parseXml(xml)
  const kind = Either.isRight(doc) ? kindOfDocument(doc.right) : undefined
  if (Either.isLeft(doc)) problems.push(doc.left.message)
  else if (!kind) problems.push(`not an AdE document (root ${doc.right.documentElement?.tagName ?? "?"})`)
  else if (!VERIFIABLE.has(kind)) problems.push(`not a corrispettivi file, device event or AdE reply (${kind})`)

  const schema = await schemaCheck(xml, kind, options.schemaDir, problems)
  const signature = verifySignature(xml, options.now ? { now: options.now } : {})
  if (!signature.valid) problems.push(`signature: ${signature.reason ?? "invalid"}`)

  const deviceSigned = kind !== undefined && DEVICE_SIGNED.has(kind)
  const matricola = deviceSigned ? signature.signerCn : undefined
  let matricolaMatches: boolean | undefined
  if (options.expectedMatricola !== undefined && deviceSigned) {
    matricolaMatches = signerMatchesMatricola(signature, options.expectedMatricola)
    if (!matricolaMatches) problems.push(`signed by ${signature.signerCn ?? "nobody"}, expected matricola ${options.expectedMatricola}`)
  }

  let content: Parsed = {}
  let parseError: VerificationReport["parseError"]
  if (kind) {
    const parsed = parseContent(xml, kind)
    if (Either.isRight(parsed)) content = parsed.right
    else {
      parseError = { code: parsed.left.code, message: parsed.left.message }
      problems.push(parsed.left.message)
    }
  }

  return {
    kind: kind ?? "unknown",
    ok: problems.length === 0,
    problems,
    schema,
    signature,
    ...(matricola === undefined ? {} : { matricola }),
    ...(matricolaMatches === undefined ? {} : { matricolaMatches }),
    ...(parseError ? { parseError } : {}),
    ...content
  }
}

import { readFile } from "node:fs/promises"
import path from "node:path"
import { Either } from "effect"
import { validateXML } from "xmllint-wasm"
import { DOCUMENT_KINDS, type DocumentKind } from "./document-kind.js"
import { SchemaUnavailable } from "./errors.js"

const DSIG_XSD = "xmldsig-core-schema.xsd"

export interface SchemaIssue {
  readonly message: string
  readonly line?: number
}

export interface SchemaReport {
  /** The official XSD of this kind that was used. */
  readonly schema: string
  /** No errors left once the tolerated deviations are set aside. */
  readonly valid: boolean
  /** Strict XSD result, tolerated deviations included. */
  readonly strictlyValid: boolean
  readonly errors: ReadonlyArray<SchemaIssue>
  /** Errors set aside because AdE's own replies deviate from the XSD that way (replies only). */
  readonly tolerated: ReadonlyArray<SchemaIssue>
}

/**
 * Deviations of AdE's real replies from their own XSDs (checked on the reference replies): no
 * `@versione` on the root, an empty `SegnalazioniDocComm`, and `Codice`/`Descrizione` directly in
 * `ListaErrori`/`Errori` without the `Errore` wrapper. Tolerated for replies only: device files
 * (COR10) are held to the letter of the XSD.
 */
const REPLY_DEVIATIONS: ReadonlyArray<RegExp> = [
  /Element '\{[^}]+\}(EsitoOperazione|DocCommercialiLotteriaEsito)': The attribute 'versione' is required but missing\./,
  /Element 'SegnalazioniDocComm': Missing child element\(s\)\. Expected is \( Segnalazione \)\./,
  /Element 'Codice': This element is not expected\. Expected is \( Errore \)\./
]
const TOLERANT_KINDS: ReadonlySet<DocumentKind> = new Set(["esito", "esito-lotteria"])

export interface ValidateOptions {
  /** Directory holding the official AdE XSDs (see `findAdeSchemaDir`). */
  readonly schemaDir: string
}

const readSchemas = async (schemaDir: string, schema: string) => {
  try {
    const [main, dsig] = await Promise.all([readFile(path.join(schemaDir, schema), "utf8"), readFile(path.join(schemaDir, DSIG_XSD), "utf8")])
    return Either.right({ main, dsig })
  } catch (e) {
    return Either.left(new SchemaUnavailable({ schemaDir, reason: e instanceof Error ? e.message : String(e) }))
  }
}

/**
 * Validates `xml` against the official XSD of `kind` with libxml2 (xmllint-wasm). Reports
 * validation errors in the result; fails (Left) only when the schemas cannot be read or the
 * validator cannot run.
 */
export const validateAgainstXsd = async (
  xml: string,
  kind: DocumentKind,
  options: ValidateOptions
): Promise<Either.Either<SchemaReport, SchemaUnavailable>> => {
  const schema = DOCUMENT_KINDS[kind].schema
  const schemas = await readSchemas(options.schemaDir, schema)
  if (Either.isLeft(schemas)) return Either.left(schemas.left)
  let result: Awaited<ReturnType<typeof validateXML>>
  try {
    result = await validateXML({
      xml: { fileName: "document.xml", contents: xml },
      schema: { fileName: schema, contents: schemas.right.main },
      preload: [{ fileName: DSIG_XSD, contents: schemas.right.dsig }]
    })
  } catch (e) {
    return Either.left(new SchemaUnavailable({ schemaDir: options.schemaDir, reason: `xmllint failed: ${e instanceof Error ? e.message : String(e)}` }))
  }
  const issues: SchemaIssue[] = result.errors
    .filter((e) => /error/i.test(e.message))
    .map((e) => ({ message: e.message.trim(), ...(e.loc ? { line: e.loc.lineNumber } : {}) }))
  const tolerable = (i: SchemaIssue) => TOLERANT_KINDS.has(kind) && REPLY_DEVIATIONS.some((re) => re.test(i.message))
  const errors = issues.filter((i) => !tolerable(i))
  // xmllint may also print context lines; if it says invalid, there is at least one error to show.
  if (!result.valid && issues.length === 0) errors.push({ message: result.rawOutput.trim() || "document is not valid" })
  return Either.right({
    schema,
    valid: errors.length === 0,
    strictlyValid: result.valid,
    errors,
    tolerated: issues.filter(tolerable)
  })
}

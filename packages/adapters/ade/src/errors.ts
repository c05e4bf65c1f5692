import { Data } from "effect"

/**
 * Typed errors of the AdE parsers. Each carries a stable `code` (the same convention as
 * `@fisco/core` errors) so the CLI and the monitor can branch on it without parsing messages.
 * Parsers return these as `Either` lefts; they never throw on bad input.
 */

/** The input is not well-formed XML (or uses a DOCTYPE, which no AdE document does). */
export class MalformedXml extends Data.TaggedError("MalformedXml")<{ readonly reason: string }> {
  readonly code = "ade_malformed_xml"
  override get message() {
    return `malformed XML: ${this.reason}`
  }
}

/** Well-formed XML whose root element is not the one the parser reads (checked by namespace, never by prefix). */
export class UnexpectedDocument extends Data.TaggedError("UnexpectedDocument")<{
  readonly expected: ReadonlyArray<string>
  readonly found: string
}> {
  readonly code = "ade_unexpected_document"
  override get message() {
    return `expected ${this.expected.join(" or ")}, found ${this.found}`
  }
}

/** A mandatory element is absent. `path` is the element path from the root, e.g. `DatiRT/Riepilogo[2]/Ammontare`. */
export class MissingField extends Data.TaggedError("MissingField")<{ readonly path: string }> {
  readonly code = "ade_missing_field"
  override get message() {
    return `missing ${this.path}`
  }
}

/** A field is present but its value breaks the format the specification mandates (amount, rate, date, code). */
export class InvalidField extends Data.TaggedError("InvalidField")<{
  readonly path: string
  readonly value: string
  readonly reason: string
}> {
  readonly code = "ade_invalid_field"
  override get message() {
    return `${this.path}: ${this.reason} (got ${JSON.stringify(this.value.length > 60 ? `${this.value.slice(0, 60)}…` : this.value)})`
  }
}

/** The XSD files could not be read from the schema directory, or the validator could not run. */
export class SchemaUnavailable extends Data.TaggedError("SchemaUnavailable")<{ readonly schemaDir: string; readonly reason: string }> {
  readonly code = "ade_schema_unavailable"
  override get message() {
    return `AdE schemas unavailable in ${this.schemaDir}: ${this.reason}`
  }
}

/** Errors the document parsers return. */
export type AdeParseError = MalformedXml | UnexpectedDocument | MissingField | InvalidField

/** Any typed error of this package. */
export type AdeError = AdeParseError | SchemaUnavailable

export const isAdeParseError = (u: unknown): u is AdeParseError =>
  u instanceof MalformedXml || u instanceof UnexpectedDocument || u instanceof MissingField || u instanceof InvalidField

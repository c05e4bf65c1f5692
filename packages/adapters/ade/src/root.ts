import type { Document } from "@xmldom/xmldom"
import { Either } from "effect"
import { type DocumentKind, kindOfDocument, rootOf } from "./document-kind.js"
import { type AdeParseError, UnexpectedDocument } from "./errors.js"
import { clark } from "./namespaces.js"
import { parseXml } from "./xml/parse-xml.js"
import { at, type Located } from "./xml/dom.js"

/** Parses `xml` and checks that its root is one of `kinds`; returns the located root and its kind. */
export const parseRoot = <K extends DocumentKind>(
  xml: string,
  kinds: ReadonlyArray<K>
): Either.Either<{ readonly doc: Document; readonly root: Located; readonly kind: K }, AdeParseError> =>
  Either.flatMap(parseXml(xml), (doc) => {
    const kind = kindOfDocument(doc)
    const el = doc.documentElement!
    if (kind === undefined || !(kinds as ReadonlyArray<string>).includes(kind)) {
      return Either.left(new UnexpectedDocument({ expected: kinds.map(rootOf), found: clark(el.namespaceURI ?? null, el.localName ?? el.nodeName) }))
    }
    return Either.right({ doc, root: at(el), kind: kind as K })
  })

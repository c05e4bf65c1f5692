/** Longest item description an Epson RT prints on one line. */
export const ITEM_DESCRIPTION_MAX = 38
/** Longest `printRecMessage` line. */
export const MESSAGE_MAX = 46

/**
 * Text as the printer can take it: control characters become spaces and the text is cut to the
 * device's limit (by code point, so a cut never splits a character). Escaping happens when the
 * XML is written, after the cut, so an entity is never cut in half.
 */
export const deviceText = (text: string, max: number): string =>
  Array.from(text.replace(/[\u0000-\u001f\u007f]/g, " ").trim())
    .slice(0, max)
    .join("")
    .trimEnd()

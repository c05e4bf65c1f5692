import { Schema } from "effect"

const isHttpUrl = (text: string): boolean => {
  try {
    const { protocol } = new URL(text)
    return protocol === "http:" || protocol === "https:"
  } catch {
    return false
  }
}

/** An absolute http(s) URL, e.g. where a device answers (`http://192.168.1.50`). */
export const HttpUrl = Schema.String.pipe(
  Schema.filter((url) => isHttpUrl(url) || "must be an http or https URL"),
  Schema.annotations({ description: "http or https URL", examples: ["http://192.168.1.50"] })
)

import type { Context } from "hono"

/** The `:id` path parameter of the routes that have one; ids are checked by the lookup itself (unknown → 404). */
export const idParam = (c: Context): string => c.req.param("id") ?? ""

import type { Role, User } from "../domain/access.js"
import type { DistributionList } from "./distribution-list.js"
import type { MailAddress } from "./mailer.js"

/** A user as far as mail lists care: who they are, their role and the business functions they cover (a stored `User` fits). */
export interface DirectoryUser extends Pick<User, "email" | "name" | "disabledAt"> {
  readonly role: Role
  readonly functions?: ReadonlyArray<string>
}

const normalise = (text: string) => text.trim().toLowerCase()

/**
 * Who receives a list's digest: its explicit addresses, then every enabled user holding one of its
 * roles or covering one of its functions. Addresses are lower-cased and appear once (the first name
 * seen wins). A disabled user receives nothing, even when also listed by address: disabling someone
 * must stop their mail.
 */
export const resolveRecipients = (
  list: Pick<DistributionList, "recipients" | "roles" | "functions">,
  users: ReadonlyArray<DirectoryUser>
): ReadonlyArray<MailAddress> => {
  const disabled = new Set(users.filter((u) => u.disabledAt !== undefined).map((u) => normalise(u.email)))
  const functions = new Set(list.functions.map(normalise))
  const picked = users.filter(
    (u) => u.disabledAt === undefined && (list.roles.includes(u.role) || (u.functions ?? []).some((f) => functions.has(normalise(f))))
  )
  const byEmail = new Map<string, MailAddress>()
  for (const { email, name } of [...list.recipients, ...picked]) {
    const key = normalise(email)
    if (disabled.has(key) || byEmail.has(key)) continue
    byEmail.set(key, name === undefined ? { email: key } : { email: key, name })
  }
  return [...byEmail.values()]
}

import bcrypt from "bcryptjs"

/** bcrypt cost: about a quarter second per hash, which is what slows guessing down. */
const COST = 12
export const PASSWORD_MIN_LENGTH = 12
/** bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut. */
export const PASSWORD_MAX_BYTES = 72

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, COST)

export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash)

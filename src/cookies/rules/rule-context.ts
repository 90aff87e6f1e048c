import type { ResolvedCookiePolicy } from '../policy.js'
import type { CookieViolation, ParsedSetCookie } from '../types.js'

/** A rule (or a family of rules) of CHECKS.md: returns its violations for one header. */
export type CookieRule = (cookie: ParsedSetCookie, policy: ResolvedCookiePolicy) => CookieViolation[]

/** `sid` as it appears in messages (quoted so an empty name is visible). */
export const label = (cookie: ParsedSetCookie): string => `cookie "${cookie.name}"`

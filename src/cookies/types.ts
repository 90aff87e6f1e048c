/** One `cookie-av` of a Set-Cookie header, as written (order, case and duplicates kept). */
export interface CookieAttribute {
  /** The attribute name as written, e.g. `HttpOnly` or `samesite`. */
  name: string
  /** The attribute name lower-cased, for case-insensitive lookups. */
  key: string
  /** The value after `=`, trimmed; `undefined` when the attribute has no `=`. */
  value: string | undefined
  /** The attribute text exactly as it appeared between semicolons. */
  raw: string
}

/**
 * A Set-Cookie header split the way RFC 6265bis §5.6 tells a user agent to split it, keeping
 * everything a policy needs: duplicates, unknown attributes and the raw header.
 */
export interface ParsedSetCookie {
  /** The cookie name (trimmed); `''` when the header has no `=` in its name-value pair. */
  name: string
  /** The cookie value exactly as sent (quotes kept, not URI-decoded). */
  value: string
  /** Every attribute, in header order. */
  attributes: CookieAttribute[]
  /** The header as received. */
  header: string
}

/** The stable IDs of the cookie-attribute rules in CHECKS.md. */
export type CookieRuleId = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'A8' | 'A9' | 'A10'

/** One broken rule, e.g. `{ id: 'A2', message: 'sid: HttpOnly is missing …' }`. */
export interface CookieViolation {
  id: CookieRuleId
  message: string
}

/** A SameSite value as RFC 6265bis spells it. */
export type SameSiteValue = 'Strict' | 'Lax' | 'None'

/**
 * Relaxes or tightens the hardened default policy of {@link checkCookiePolicy}.
 * Every field is optional; omitted fields keep the hardened default.
 */
export interface CookiePolicy {
  /** A1: require `Secure` (default `true`). */
  secure?: boolean
  /** A2: require `HttpOnly` (default `true`). */
  httpOnly?: boolean
  /** A3: accepted SameSite values (default `['Lax', 'Strict']`). */
  sameSite?: readonly SameSiteValue[]
  /** A3: also accept `SameSite=None` (still only with `Secure`). Default `false`. */
  allowSameSiteNone?: boolean
  /** A4: the name must start with this prefix (exact case). `__Host-` also satisfies `__Secure-`. */
  requirePrefix?: '__Host-' | '__Secure-'
  /** A5: Domain values allowed (leading dot and case ignored). Default: none (host-only cookies). */
  allowDomain?: string | readonly string[]
  /** A6: the required Path (default `/`). */
  path?: string
  /** A9: longest accepted lifetime in seconds (default 30 days; anything above 400 days always fails). */
  maxLifetimeSeconds?: number
  /** A9: how far Max-Age and Expires may disagree, in seconds (default 60). */
  lifetimeToleranceSeconds?: number
  /** The clock for Expires (default: `Date.now()`, so fake timers apply). */
  now?: Date
}

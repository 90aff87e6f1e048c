import { parseCookieDate } from './grammar.js'
import { getCookieAttribute } from './parse-set-cookie.js'
import type { ParsedSetCookie } from './types.js'

const SIGNED_INTEGER = /^-?[0-9]+$/

/**
 * What a user agent would make of a cookie's expiry attributes. `maxAgeSeconds` is set when a
 * Max-Age the UA accepts is present; `expires` when a parseable Expires is present; `expiresInMs`
 * is the effective lifetime from `now` (Max-Age has precedence), `undefined` for a browser-session cookie.
 */
export interface CookieLifetime {
  maxAgeSeconds: number | undefined
  expires: Date | undefined
  expiresInMs: number | undefined
  /** `true` when the cookie has a Max-Age or an Expires the UA accepts. */
  persistent: boolean
}

/**
 * Reads Max-Age and Expires as a user agent would. "If a cookie has both the Max-Age and the
 * Expires attribute, the Max-Age attribute has precedence and controls the expiration date of the
 * cookie" (RFC 6265bis §4.1.2.2).
 *
 * @example
 * ```ts
 * cookieLifetime(parseSetCookie('a=1; Max-Age=60')).expiresInMs // 60000
 * ```
 */
export function cookieLifetime(cookie: ParsedSetCookie, now: Date = new Date()): CookieLifetime {
  const maxAgeRaw = getCookieAttribute(cookie, 'Max-Age')?.value
  // RFC 6265bis §5.6.2: "If the first character of the attribute-value is neither a DIGIT, nor a
  // "-" character followed by a DIGIT, ignore the cookie-av."
  const maxAgeSeconds = maxAgeRaw !== undefined && SIGNED_INTEGER.test(maxAgeRaw) ? Number(maxAgeRaw) : undefined
  const expiresRaw = getCookieAttribute(cookie, 'Expires')?.value
  const expires = expiresRaw === undefined ? undefined : parseCookieDate(expiresRaw)
  const expiresInMs =
    maxAgeSeconds !== undefined ? maxAgeSeconds * 1000 : expires !== undefined ? expires.getTime() - now.getTime() : undefined
  return { maxAgeSeconds, expires, expiresInMs, persistent: expiresInMs !== undefined }
}

/**
 * Whether the header deletes the cookie: Max-Age <= 0 ("If delta-seconds is less than or equal to
 * zero (0), let expiry-time be the earliest representable date and time", RFC 6265bis §5.6.2) or,
 * without Max-Age, an Expires in the past. Such headers are judged by L5, never by the A rules.
 *
 * @example
 * ```ts
 * isDeletionCookie(parseSetCookie('sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT')) // true
 * ```
 */
export function isDeletionCookie(cookie: ParsedSetCookie, now: Date = new Date()): boolean {
  const { expiresInMs } = cookieLifetime(cookie, now)
  return expiresInMs !== undefined && expiresInMs <= 0
}

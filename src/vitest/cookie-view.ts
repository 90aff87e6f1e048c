import { cookieLifetime, getCookieAttribute, hasCookieAttribute, redactCookieValue, type CookieRuleId, type ParsedSetCookie } from '../cookies/index.js'
import { canonicalSameSite } from '../cookies/rules/same-site.js'

/** The attributes `toSetCookie` compares, as a browser would read them from one Set-Cookie header. */
export interface SetCookieView {
  /** The raw cookie value (not URI-decoded). */
  value: string
  secure: boolean
  httpOnly: boolean
  /** `Strict`, `Lax` or `None` in canonical case; an unknown value as written; `undefined` when absent. */
  sameSite: string | undefined
  path: string | undefined
  domain: string | undefined
  partitioned: boolean
  /** Max-Age in seconds. */
  maxAge: number | undefined
  expires: Date | undefined
  /** `true` when Max-Age or Expires is present (not a browser-session cookie). */
  persistent: boolean
}

/** The keys `toSetCookie(name, attrs)` accepts, with the CHECKS.md rule each one relates to. */
export const VIEW_RULES: Readonly<Record<keyof SetCookieView, CookieRuleId | undefined>> = {
  value: undefined,
  secure: 'A1',
  httpOnly: 'A2',
  sameSite: 'A3',
  path: 'A6',
  domain: 'A5',
  partitioned: 'A10',
  maxAge: 'A9',
  expires: 'A9',
  persistent: 'A9',
}

/** Reads the {@link SetCookieView} of a parsed header. */
export function viewCookie(cookie: ParsedSetCookie, now: Date = new Date()): SetCookieView {
  const life = cookieLifetime(cookie, now)
  const sameSite = getCookieAttribute(cookie, 'SameSite')?.value
  return {
    value: cookie.value,
    secure: hasCookieAttribute(cookie, 'Secure'),
    httpOnly: hasCookieAttribute(cookie, 'HttpOnly'),
    sameSite: canonicalSameSite(sameSite) ?? sameSite,
    path: getCookieAttribute(cookie, 'Path')?.value,
    domain: getCookieAttribute(cookie, 'Domain')?.value,
    partitioned: hasCookieAttribute(cookie, 'Partitioned'),
    maxAge: life.maxAgeSeconds,
    expires: life.expires,
    persistent: life.persistent,
  }
}

/** A received attribute as messages show it: the cookie value redacted past 6 characters. */
export function showReceived(key: keyof SetCookieView, value: unknown): unknown {
  return key === 'value' && typeof value === 'string' ? redactCookieValue(value) : value
}

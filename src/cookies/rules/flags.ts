import { hasCookieAttribute } from '../parse-set-cookie.js'
import type { CookieViolation } from '../types.js'
import { label, type CookieRule } from './rule-context.js'

/**
 * A1 Secure, A2 HttpOnly, A10 Partitioned ⇒ Secure.
 */
export const checkFlags: CookieRule = (cookie, policy) => {
  const out: CookieViolation[] = []
  const secure = hasCookieAttribute(cookie, 'Secure')
  // RFC 6265bis §4.1.2.5: "The Secure attribute limits the scope of the cookie to "secure"
  // channels (where "secure" is defined by the user agent)."
  if (policy.secure && !secure) {
    out.push({ id: 'A1', message: `${label(cookie)} has no Secure attribute: it would be sent over plain http. Add Secure.` })
  }
  // RFC 6265bis §4.1.2.6: "The HttpOnly attribute limits the scope of the cookie to HTTP requests.
  // In particular, the attribute instructs the user agent to omit the cookie when providing access
  // to cookies via non-HTTP APIs."
  if (policy.httpOnly && !hasCookieAttribute(cookie, 'HttpOnly')) {
    out.push({ id: 'A2', message: `${label(cookie)} has no HttpOnly attribute: scripts can read it. Add HttpOnly.` })
  }
  // CHIPS (draft-cutler-httpbis-partitioned-cookies), paraphrased: a cookie with the Partitioned
  // attribute must also carry Secure; user agents ignore a Partitioned cookie without it.
  if (hasCookieAttribute(cookie, 'Partitioned') && !secure) {
    out.push({ id: 'A10', message: `${label(cookie)} is Partitioned without Secure: browsers reject it. Add Secure.` })
  }
  return out
}

import { cookieLifetime } from '../lifetime.js'
import { MAX_COOKIE_LIFETIME_SECONDS } from '../policy.js'
import type { CookieViolation } from '../types.js'
import { label, type CookieRule } from './rule-context.js'

const human = (seconds: number): string =>
  seconds % 86_400 === 0 ? `${seconds / 86_400} days` : seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${seconds} seconds`

/**
 * A9 lifetime: a browser-session cookie, or Max-Age/Expires within the policy's maximum; over
 * 400 days always fails; Max-Age and Expires agree when both are present.
 */
export const checkLifetime: CookieRule = (cookie, policy) => {
  const out: CookieViolation[] = []
  const life = cookieLifetime(cookie, policy.now)
  if (life.expiresInMs === undefined) return out
  const seconds = Math.round(life.expiresInMs / 1000)
  const via = life.maxAgeSeconds !== undefined ? 'Max-Age' : 'Expires'
  // RFC 6265bis §5.5: "The user agent MUST limit the maximum value of the Expires attribute. The
  // limit SHOULD NOT be greater than 400 days (34560000 seconds) in the future." (Max-Age alike.)
  if (seconds > MAX_COOKIE_LIFETIME_SECONDS) {
    out.push({ id: 'A9', message: `${label(cookie)} lives ${human(seconds)} (${via}), over the 400-day cap browsers apply. Shorten it to at most ${human(policy.maxLifetimeSeconds)}.` })
  } else if (seconds > policy.maxLifetimeSeconds) {
    out.push({ id: 'A9', message: `${label(cookie)} lives ${human(seconds)} (${via}); the policy allows at most ${human(policy.maxLifetimeSeconds)}.` })
  }
  // RFC 6265bis §4.1.2.2: "If a cookie has both the Max-Age and the Expires attribute, the Max-Age
  // attribute has precedence": browsers that only know Expires would keep it for another time.
  if (life.maxAgeSeconds !== undefined && life.expires !== undefined) {
    const expiresIn = Math.round((life.expires.getTime() - policy.now.getTime()) / 1000)
    if (Math.abs(expiresIn - life.maxAgeSeconds) > policy.lifetimeToleranceSeconds) {
      out.push({ id: 'A9', message: `${label(cookie)}: Max-Age=${life.maxAgeSeconds} and Expires (${expiresIn} seconds from now) disagree. Derive both from one lifetime.` })
    }
  }
  return out
}

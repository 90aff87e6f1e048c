import { getCookieAttribute, hasCookieAttribute } from '../parse-set-cookie.js'
import type { SameSiteValue } from '../types.js'
import { label, type CookieRule } from './rule-context.js'

const CANONICAL: Record<string, SameSiteValue> = { strict: 'Strict', lax: 'Lax', none: 'None' }

/** `Lax`, `Strict` or `None` for a SameSite value in any case, `undefined` for an unknown value. */
export function canonicalSameSite(value: string | undefined): SameSiteValue | undefined {
  return value === undefined ? undefined : CANONICAL[value.toLowerCase()]
}

/**
 * A3 SameSite: Lax or Strict (case-insensitive); None only when the policy allows it, and then with
 * Secure; a missing or unknown value fails.
 */
export const checkSameSite: CookieRule = (cookie, policy) => {
  const attr = getCookieAttribute(cookie, 'SameSite')
  const allowed = policy.sameSite.join(' or ')
  if (attr === undefined) {
    return [{ id: 'A3', message: `${label(cookie)} has no SameSite attribute: browsers disagree on the default. Set SameSite=${policy.sameSite[0] ?? 'Lax'}.` }]
  }
  // RFC 6265bis §5.6.7: "If cookie-av's attribute-value is a case-insensitive match for "None" …
  // "Strict" … "Lax""; any other value leaves the enforcement "Default".
  const value = canonicalSameSite(attr.value)
  if (value === undefined) {
    return [{ id: 'A3', message: `${label(cookie)} has SameSite=${attr.value ?? ''}, which browsers ignore. Use ${allowed}.` }]
  }
  if (!policy.sameSite.includes(value)) {
    return [{ id: 'A3', message: `${label(cookie)} has SameSite=${value}; the policy accepts ${allowed}.` }]
  }
  // RFC 6265bis §5.7: "If the cookie's same-site-flag is "None", abort these steps and ignore the
  // cookie entirely unless the cookie's secure-only-flag is true."
  if (value === 'None' && !hasCookieAttribute(cookie, 'Secure')) {
    return [{ id: 'A3', message: `${label(cookie)} has SameSite=None without Secure: browsers reject it. Add Secure.` }]
  }
  return []
}

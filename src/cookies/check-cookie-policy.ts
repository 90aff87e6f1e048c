import { isDeletionCookie } from './lifetime.js'
import { parseSetCookie } from './parse-set-cookie.js'
import { resolveCookiePolicy } from './policy.js'
import { checkFlags } from './rules/flags.js'
import { checkGrammar } from './rules/grammar.js'
import { checkLifetime } from './rules/lifetime.js'
import type { CookieRule } from './rules/rule-context.js'
import { checkSameSite } from './rules/same-site.js'
import { checkScope } from './rules/scope.js'
import { checkSize } from './rules/size.js'
import type { CookiePolicy, CookieViolation } from './types.js'

const RULES: readonly CookieRule[] = [checkFlags, checkSameSite, checkScope, checkGrammar, checkSize, checkLifetime]
const order = (id: string): number => Number(id.slice(1))

/**
 * Checks raw Set-Cookie header(s) against rules A1-A10 of CHECKS.md and returns every violation,
 * ordered by rule ID (`[]` when the cookies pass). The default policy is hardened: Secure,
 * HttpOnly, SameSite Lax or Strict, host-only, `Path=/`, prefixes honoured, at most 4096 bytes,
 * at most 30 days (never over 400), Partitioned only with Secure. Deletion headers (Max-Age <= 0
 * or Expires in the past) are skipped: they are judged by L5 (`toClearCookie`).
 *
 * @example
 * ```ts
 * checkCookiePolicy('sid=abc; Path=/; HttpOnly; SameSite=Lax')
 * // [{ id: 'A1', message: 'cookie "sid" has no Secure attribute: …' }]
 * checkCookiePolicy(res.headers['set-cookie'], { sameSite: ['Strict'], requirePrefix: '__Host-' })
 * ```
 */
export function checkCookiePolicy(headerOrHeaders: string | readonly string[], policy?: CookiePolicy): CookieViolation[] {
  const resolved = resolveCookiePolicy(policy)
  const headers = typeof headerOrHeaders === 'string' ? [headerOrHeaders] : headerOrHeaders
  const violations: CookieViolation[] = []
  for (const header of headers) {
    const cookie = parseSetCookie(header)
    if (isDeletionCookie(cookie, resolved.now)) continue
    const found = RULES.flatMap((rule) => rule(cookie, resolved))
    violations.push(...found.sort((a, b) => order(a.id) - order(b.id)))
  }
  return violations
}

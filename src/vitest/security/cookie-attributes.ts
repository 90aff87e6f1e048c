import type { Response } from 'supertest'
import { checkCookiePolicy, redactSetCookie, type CookieRuleId } from '../../cookies/index.js'
import { runCheck, send, sessionSetCookie, type CheckRun } from './context.js'
import { check, setupError } from './errors.js'
import type { SecurityCheck } from './types.js'

const RULES: Record<CookieRuleId, string> = {
  A1: 'the session cookie carries Secure',
  A2: 'the session cookie carries HttpOnly',
  A3: 'the session cookie has SameSite=Lax or Strict (None only when allowed, and with Secure)',
  A4: 'a __Host-/__Secure- prefixed session cookie honours its prefix',
  A5: 'the session cookie is host-only (no Domain unless allowed)',
  A6: 'the session cookie has Path=/ (or the policy\'s path)',
  A7: 'the session Set-Cookie follows the RFC 6265bis grammar',
  A8: 'the session cookie fits 4096 bytes (attributes 1024)',
  A9: 'the session cookie lifetime is within the policy (never over 400 days)',
  A10: 'a Partitioned session cookie is Secure',
}

/** The responses that set the session: the login's, and the `write` request's when configured. */
async function sessionResponses(run: CheckRun): Promise<Array<{ role: string; res: Response }>> {
  // No logged-in control here: a flawed attribute (a Path elsewhere, a broken prefix) can keep the
  // jar from sending the cookie back, and the header alone is what A1-A11 judge.
  const res = await send(run, run.client(), run.options.login, 'login')
  if (sessionSetCookie(res, run.format) === undefined) {
    throw setupError(run.id, `the login response (${res.status}) set no "${run.format.cookieName}" cookie`, 'Pass the session format the app uses (its cookieName) and a login that starts a new session')
  }
  const responses = [{ role: 'login', res }]
  if (run.options.write !== undefined) responses.push({ role: 'write', res: await send(run, run.client(), run.options.write, 'write') })
  return responses
}

function attributeCheck(id: CookieRuleId): SecurityCheck {
  return (options) =>
    runCheck(id, options, async (run) => {
      for (const { role, res } of await sessionResponses(run)) {
        const cookie = sessionSetCookie(res, run.format)
        if (cookie === undefined) continue
        const found = checkCookiePolicy(cookie.header, options.policy).filter((v) => v.id === id)
        check(found.length === 0, id, RULES[id], 'no violation', () => `Set-Cookie: ${redactSetCookie(cookie.header)} from the ${role} response: ${found.map((v) => v.message).join(' ')}`)
      }
    })
}

/** A11: a response that sets the session must not be stored by shared caches (WSTG-SESS-04). */
const cacheControl: SecurityCheck = (options) =>
  runCheck('A11', options, async (run) => {
    for (const { role, res } of await sessionResponses(run)) {
      if (sessionSetCookie(res, run.format) === undefined) continue
      const vary = String(res.headers.vary ?? '')
      const cache = String(res.headers['cache-control'] ?? '')
      const ok = /(^|,)\s*(cookie|\*)\s*(,|$)/i.test(vary) || /(^|,)\s*(private|no-store)\b/i.test(cache)
      check(ok, 'A11', 'a response that sets the session carries Vary: Cookie or Cache-Control: private/no-store', 'Vary: Cookie or Cache-Control: private/no-store', () => `the ${role} response with Vary: ${vary || '(none)'}, Cache-Control: ${cache || '(none)'}`)
    }
  })

/**
 * A1-A11: the session Set-Cookie of the login (and `write`) responses, judged by `checkCookiePolicy`.
 *
 * @example
 * ```ts
 * await cookieAttributeChecks.A1(options)
 * ```
 */
export const cookieAttributeChecks = {
  A1: attributeCheck('A1'),
  A2: attributeCheck('A2'),
  A3: attributeCheck('A3'),
  A4: attributeCheck('A4'),
  A5: attributeCheck('A5'),
  A6: attributeCheck('A6'),
  A7: attributeCheck('A7'),
  A8: attributeCheck('A8'),
  A9: attributeCheck('A9'),
  A10: attributeCheck('A10'),
  A11: cacheControl,
} satisfies Record<CookieRuleId | 'A11', SecurityCheck>

export const cookieAttributeRules: Record<CookieRuleId | 'A11', string> = {
  ...RULES,
  A11: 'a response that sets the session carries Vary: Cookie or Cache-Control: private/no-store',
}

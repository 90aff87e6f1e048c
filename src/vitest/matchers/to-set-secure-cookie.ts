import type { MatcherState } from 'vitest'
import type { SessionMatcherResult } from '../types.js'
import { checkCookiePolicy, type CookiePolicy } from '../../cookies/index.js'
import { hint, lines, showCookie, showHeaders } from '../format-message.js'
import { assertCookieName, findCookie, findSetCookie, setCookieHeaders } from '../receivers.js'

const MATCHER = 'toSetSecureCookie'

/**
 * `expect(res).toSetSecureCookie(name, policy?)`: the response sets `name` and its header passes
 * `checkCookiePolicy` (hardened by default). The failure lists every violated rule by ID.
 *
 * @example
 * ```ts
 * expect(res).toSetSecureCookie('sid')
 * expect(res).toSetSecureCookie('__Host-sid', { sameSite: ['Strict'], requirePrefix: '__Host-' })
 * ```
 */
export function toSetSecureCookie(this: MatcherState, received: unknown, name: string, policy?: CookiePolicy): SessionMatcherResult {
  const headers = setCookieHeaders(received, MATCHER)
  assertCookieName(name, MATCHER)
  if (policy !== undefined && (typeof policy !== 'object' || policy === null)) {
    throw new TypeError(`session-testkit: ${MATCHER}(name, policy) takes a policy object; received ${typeof policy}. Pass e.g. { sameSite: ['Strict'] }.`)
  }
  const args = policy === undefined ? JSON.stringify(name) : `${JSON.stringify(name)}, ${this.utils.stringify(policy, 3, { min: true })}`
  const head = hint(MATCHER, this.isNot, args)
  const cookie = findSetCookie(headers, name)
  if (cookie === undefined) {
    const deleted = findCookie(headers, name) !== undefined
    return {
      pass: false,
      message: () => lines(head, `cookie "${name}" was not set${deleted ? ' (the response only deletes it)' : ''}, so no policy could be checked.`, showHeaders(headers)),
      actual: undefined,
      expected: [],
    }
  }
  const violations = checkCookiePolicy(cookie.header, policy)
  const pass = violations.length === 0
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `cookie "${name}" passes every rule (A1-A10) of the policy; expected at least one violation.`, showCookie(cookie))
        : lines(
            head,
            `cookie "${name}" violates ${violations.length} rule${violations.length === 1 ? '' : 's'} (${[...new Set(violations.map((v) => v.id))].join(', ')}):\n${violations.map((v) => `  ${v.id} ${v.message}`).join('\n')}`,
            showCookie(cookie),
          ),
    actual: violations.map((v) => v.id),
    expected: [],
  }
}

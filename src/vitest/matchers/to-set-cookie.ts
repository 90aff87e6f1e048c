import type { MatcherState } from 'vitest'
import { hint, lines, showCookie, showHeaders } from '../format-message.js'
import { assertCookieName, findCookie, findSetCookie, setCookieHeaders } from '../receivers.js'
import { showReceived, viewCookie, VIEW_RULES, type SetCookieView } from '../cookie-view.js'
import type { SetCookieAttributes, SessionMatcherResult } from '../types.js'

const MATCHER = 'toSetCookie'

/**
 * `expect(res).toSetCookie(name, attrs?)`: the response sets `name` (a deletion header does not
 * count) and its attributes partially match `attrs`; asymmetric matchers are allowed.
 *
 * @example
 * ```ts
 * expect(res).toSetCookie('sid', { httpOnly: true, sameSite: 'Lax', path: '/', value: expect.stringMatching(/^s%3A/) })
 * ```
 */
export function toSetCookie(this: MatcherState, received: unknown, name: string, attrs?: SetCookieAttributes): SessionMatcherResult {
  const headers = setCookieHeaders(received, MATCHER)
  assertCookieName(name, MATCHER)
  if (attrs !== undefined && (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs))) {
    throw new TypeError(`session-testkit: ${MATCHER}(name, attrs) takes an object of attributes; received ${typeof attrs}. Pass e.g. { httpOnly: true }.`)
  }
  const wanted = (attrs ?? {}) as Record<string, unknown>
  const keys = Object.keys(wanted) as Array<keyof SetCookieView>
  const unknown = keys.filter((k) => !Object.hasOwn(VIEW_RULES, k))
  if (unknown.length > 0) {
    throw new TypeError(`session-testkit: ${MATCHER} does not know the attribute(s) ${unknown.join(', ')}. Use ${Object.keys(VIEW_RULES).join(', ')}.`)
  }
  const expectedArgs = attrs === undefined ? JSON.stringify(name) : `${JSON.stringify(name)}, ${this.utils.stringify(attrs, 3, { min: true })}`
  const head = hint(MATCHER, this.isNot, expectedArgs)
  const cookie = findSetCookie(headers, name)
  if (cookie === undefined) {
    const deleted = findCookie(headers, name) !== undefined
    return {
      pass: false,
      message: () => lines(head, `cookie "${name}" was not set${deleted ? ' (the response deletes it; use toClearCookie for that)' : ''}.`, showHeaders(headers)),
      actual: undefined,
      expected: attrs ?? { name },
    }
  }
  const view = viewCookie(cookie)
  const mismatched = keys.filter((k) => !this.equals(view[k], wanted[k]))
  const pass = mismatched.length === 0
  const actual: Record<string, unknown> = {}
  for (const k of keys) actual[k] = mismatched.includes(k) ? showReceived(k, view[k]) : wanted[k]
  const show = (v: unknown): string => this.utils.stringify(v, 3, { min: true })
  const diffLines = mismatched.map((k) => {
    const rule = VIEW_RULES[k]
    return `  ${k}: expected ${show(wanted[k])}, received ${show(showReceived(k, view[k]))}${rule ? ` (${rule})` : ''}`
  })
  return {
    pass,
    message: () =>
      pass
        ? lines(head, keys.length === 0 ? `cookie "${name}" was set; expected no Set-Cookie for it.` : `cookie "${name}" was set and matches ${show(attrs)}; expected it not to.`, showCookie(cookie))
        : lines(head, `cookie "${name}" was set, but these attributes differ:\n${diffLines.join('\n')}`, showCookie(cookie)),
    actual,
    expected: attrs ?? {},
  }
}

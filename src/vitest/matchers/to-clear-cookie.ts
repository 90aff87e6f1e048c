import type { MatcherState } from 'vitest'
import { checkCleared } from '../clear-problems.js'
import { hint, lines, showCookie, showHeaders } from '../format-message.js'
import { assertCookieName, setCookieHeaders } from '../receivers.js'
import type { ClearCookieOptions, SessionMatcherResult } from '../types.js'

const MATCHER = 'toClearCookie'

/**
 * `expect(res).toClearCookie(name, { path, domain }?)`: the response sends a deletion header for
 * `name` (Max-Age <= 0, or Expires in the past) with the Path and Domain the cookie was set with
 * (default `Path=/`, host-only), and Secure for `__Host-`/`__Secure-` names (L5). A deletion
 * header with another Path or Domain creates a second cookie and leaves the session cookie alive.
 *
 * @example
 * ```ts
 * expect(await client.post('/logout')).toClearCookie('sid')
 * expect(res).toClearCookie('sid', { path: '/app', domain: 'example.com' })
 * ```
 */
export function toClearCookie(this: MatcherState, received: unknown, name: string, options: ClearCookieOptions = {}): SessionMatcherResult {
  const headers = setCookieHeaders(received, MATCHER)
  assertCookieName(name, MATCHER)
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`session-testkit: ${MATCHER}(name, options) takes { path, domain }; received ${typeof options}. Pass e.g. { path: '/' }.`)
  }
  const args = options.path === undefined && options.domain === undefined ? JSON.stringify(name) : `${JSON.stringify(name)}, ${this.utils.stringify(options, 3, { min: true })}`
  const head = hint(MATCHER, this.isNot, args)
  const { cookie, problems, actual, expected } = checkCleared(headers, name, options)
  const pass = problems.length === 0
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `cookie "${name}" is cleared (deletion header with Path=${expected.path}${expected.domain ? `, Domain=${expected.domain}` : ''}); expected it not to be (L5).`, cookie && showCookie(cookie))
        : cookie === undefined
          ? lines(head, `cookie "${name}" was not cleared: the response has no Set-Cookie for it (L5).`, showHeaders(headers))
          : lines(head, `cookie "${name}" is not cleared correctly (L5):\n${problems.map((p) => `  L5 ${p}`).join('\n')}`, showCookie(cookie)),
    actual,
    expected,
  }
}

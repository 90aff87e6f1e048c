import type { MatcherState } from 'vitest'
import type { SessionMatcherResult } from '../types.js'
import { cookieLifetime } from '../../cookies/index.js'
import { hint, lines, showCookie, showHeaders } from '../format-message.js'
import { assertCookieName, findSetCookie, setCookieHeaders } from '../receivers.js'

const MATCHER = 'toSetBrowserSessionCookie'

/**
 * `expect(res).toSetBrowserSessionCookie(name)`: the response sets `name` with neither Max-Age nor
 * Expires, so the browser drops it when it closes (A9).
 *
 * @example
 * ```ts
 * expect(await client.post('/login').send(creds)).toSetBrowserSessionCookie('sid')
 * ```
 */
export function toSetBrowserSessionCookie(this: MatcherState, received: unknown, name: string): SessionMatcherResult {
  const headers = setCookieHeaders(received, MATCHER)
  assertCookieName(name, MATCHER)
  const head = hint(MATCHER, this.isNot, JSON.stringify(name))
  const cookie = findSetCookie(headers, name)
  if (cookie === undefined) {
    return { pass: false, message: () => lines(head, `cookie "${name}" was not set.`, showHeaders(headers)), actual: undefined, expected: { maxAge: undefined, expires: undefined } }
  }
  const life = cookieLifetime(cookie)
  const pass = !life.persistent
  const got = [life.maxAgeSeconds !== undefined && `Max-Age=${life.maxAgeSeconds}`, life.expires !== undefined && `Expires=${life.expires.toUTCString()}`].filter(Boolean).join(' and ')
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `cookie "${name}" is a browser-session cookie (no Max-Age, no Expires); expected a persistent one (A9).`, showCookie(cookie))
        : lines(head, `cookie "${name}" is persistent (${got}); expected a browser-session cookie with neither Max-Age nor Expires (A9).`, showCookie(cookie)),
    actual: { maxAge: life.maxAgeSeconds, expires: life.expires },
    expected: { maxAge: undefined, expires: undefined },
  }
}

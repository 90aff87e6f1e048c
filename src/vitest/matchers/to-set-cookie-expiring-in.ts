import type { MatcherState } from 'vitest'
import { cookieLifetime } from '../../cookies/index.js'
import { hint, lines, showCookie, showHeaders } from '../format-message.js'
import { assertCookieName, findSetCookie, setCookieHeaders } from '../receivers.js'
import type { ExpiringInOptions, SessionMatcherResult } from '../types.js'

const MATCHER = 'toSetCookieExpiringIn'
const DEFAULT_TOLERANCE_MS = 2000

const human = (ms: number): string => {
  const abs = Math.abs(ms)
  const unit = abs >= 86_400_000 ? [86_400_000, 'd'] as const : abs >= 3_600_000 ? [3_600_000, 'h'] as const : abs >= 60_000 ? [60_000, 'min'] as const : [1000, 's'] as const
  return `${ms} ms (${Number((ms / unit[0]).toFixed(2))} ${unit[1]})`
}

/**
 * `expect(res).toSetCookieExpiringIn(name, ms, { toleranceMs })`: the cookie's Max-Age (which has
 * precedence) or else its Expires lands `ms` from now, within `toleranceMs` (default 2000 ms).
 *
 * @example
 * ```ts
 * expect(res).toSetCookieExpiringIn('sid', 7 * 86_400_000, { toleranceMs: 5_000 })
 * ```
 */
export function toSetCookieExpiringIn(this: MatcherState, received: unknown, name: string, ms: number, options: ExpiringInOptions = {}): SessionMatcherResult {
  const headers = setCookieHeaders(received, MATCHER)
  assertCookieName(name, MATCHER)
  const toleranceMs = options.toleranceMs ?? DEFAULT_TOLERANCE_MS
  if (typeof ms !== 'number' || !Number.isFinite(ms) || typeof toleranceMs !== 'number' || !(toleranceMs >= 0)) {
    throw new TypeError(`session-testkit: ${MATCHER}(name, ms, { toleranceMs }) needs finite milliseconds and a tolerance >= 0; received ${String(ms)} and ${String(toleranceMs)}. Call e.g. ${MATCHER}('sid', 3_600_000).`)
  }
  const head = hint(MATCHER, this.isNot, `${JSON.stringify(name)}, ${ms}, { toleranceMs: ${toleranceMs} }`)
  const want = `${human(ms)} ± ${toleranceMs} ms`
  const cookie = findSetCookie(headers, name)
  if (cookie === undefined) {
    return { pass: false, message: () => lines(head, `cookie "${name}" was not set.`, showHeaders(headers)), actual: undefined, expected: ms }
  }
  const life = cookieLifetime(cookie)
  if (life.expiresInMs === undefined) {
    return {
      pass: false,
      message: () => lines(head, `cookie "${name}" is a browser-session cookie (no Max-Age, no Expires); expected it to expire in ${want} (A9).`, showCookie(cookie)),
      actual: undefined,
      expected: ms,
    }
  }
  const got = life.expiresInMs
  const via = life.maxAgeSeconds !== undefined ? 'Max-Age' : 'Expires'
  const pass = Math.abs(got - ms) <= toleranceMs
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `cookie "${name}" expires in ${human(got)} via ${via}, within ${toleranceMs} ms of ${human(ms)}; expected another lifetime (A9).`, showCookie(cookie))
        : lines(head, `cookie "${name}" expires in ${human(got)} via ${via}; expected ${want} (A9).`, showCookie(cookie)),
    actual: got,
    expected: ms,
  }
}

import { toClearCookie } from './matchers/to-clear-cookie.js'
import { toEndSessionOn } from './matchers/to-end-session-on.js'
import { toHaveSession } from './matchers/to-have-session.js'
import { toRotateSessionOn } from './matchers/to-rotate-session-on.js'
import { toSetBrowserSessionCookie } from './matchers/to-set-browser-session-cookie.js'
import { toSetCookieExpiringIn } from './matchers/to-set-cookie-expiring-in.js'
import { toSetCookie } from './matchers/to-set-cookie.js'
import { toSetSecureCookie } from './matchers/to-set-secure-cookie.js'

/**
 * Every matcher of session-testkit, for `expect.extend`. Importing `session-testkit/vitest`
 * registers them already; use this object when registering yourself.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest'
 * import { sessionMatchers } from 'session-testkit/vitest'
 * expect.extend(sessionMatchers)
 * ```
 */
export const sessionMatchers = {
  toSetCookie,
  toSetSecureCookie,
  toClearCookie,
  toSetCookieExpiringIn,
  toSetBrowserSessionCookie,
  toRotateSessionOn,
  toEndSessionOn,
  toHaveSession,
}

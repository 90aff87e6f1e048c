import type { Response } from 'supertest'
import type { CookiePolicy, SameSiteValue } from '../cookies/index.js'
import type { SessionData } from '../stores/types.js'

/**
 * What `toSetCookie(name, attrs)` compares; every key is optional and may be an asymmetric matcher
 * (`expect.stringMatching(...)`). `undefined` asserts the attribute is absent.
 */
export interface SetCookieAttributes {
  /** The raw cookie value, as sent (not URI-decoded). */
  value?: string | undefined
  secure?: boolean
  httpOnly?: boolean
  sameSite?: SameSiteValue | undefined
  path?: string | undefined
  domain?: string | undefined
  partitioned?: boolean
  /** Max-Age in seconds. */
  maxAge?: number | undefined
  expires?: Date | undefined
  /** `true` when the cookie has Max-Age or Expires, `false` for a browser-session cookie. */
  persistent?: boolean
}

/** Options of `toSetCookieExpiringIn`. */
export interface ExpiringInOptions {
  /** How far the lifetime may be from the expected one (default 2000 ms; Expires has 1-second precision). */
  toleranceMs?: number
}

/** Options of `toClearCookie`: the Path and Domain the cookie was set with (default `/`, host-only). */
export interface ClearCookieOptions {
  path?: string
  /** The Domain the cookie was set with; omit for a host-only cookie. */
  domain?: string
}

/** Something a lifecycle matcher runs: a request (supertest `Test`), or any function returning one or a promise. */
export type SessionAction = () => unknown

/** Decides from a probe response whether the replayed cookie was authenticated (default: status 2xx). */
export type AuthenticatedCheck = (res: Response) => boolean

/** Options of `toRotateSessionOn`. */
export interface RotateSessionOptions {
  /** A path that answers 2xx only to an authenticated session: the pre-action cookie is replayed to it (L2). */
  probe?: string
  /** How to tell an authenticated probe response (default: status 2xx). */
  authenticated?: AuthenticatedCheck
}

/** Options of `toEndSessionOn`. */
export interface EndSessionOptions {
  /** A path that answers 2xx only to an authenticated session: the pre-action cookie is replayed to it (L6). */
  probe: string
  /** How to tell an authenticated probe response (default: status 2xx). */
  authenticated?: AuthenticatedCheck
  /** The Path and Domain the session cookie was set with (L5; default `/`, host-only). */
  cookie?: ClearCookieOptions
}

/** The matchers `session-testkit/vitest` adds to `expect`. */
export interface SessionMatchers<R = unknown> {
  /** The response sets `name`; `attrs` partially matches its attributes. */
  toSetCookie(name: string, attrs?: SetCookieAttributes): R
  /** The Set-Cookie header for `name` passes `checkCookiePolicy(header, policy)` (A1-A10). */
  toSetSecureCookie(name: string, policy?: CookiePolicy): R
  /** The response deletes `name` with the Path/Domain it was set with (L5). */
  toClearCookie(name: string, options?: ClearCookieOptions): R
  /** Max-Age (precedence) or Expires of `name` lands `ms` from now, within the tolerance (A9). */
  toSetCookieExpiringIn(name: string, ms: number, options?: ExpiringInOptions): R
  /** `name` has neither Max-Age nor Expires (A9). */
  toSetBrowserSessionCookie(name: string): R
  /** On a test client: `action` rotates the session (L1, L2). */
  toRotateSessionOn(action: SessionAction, options?: RotateSessionOptions): Promise<R>
  /** On a test client: `action` ends the session (L5, L6). */
  toEndSessionOn(action: SessionAction, options: EndSessionOptions): Promise<R>
  /** On a test client: the decoded session contains `partial`. */
  toHaveSession(partial: SessionData): Promise<R>
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends SessionMatchers<T> {}
}

/** What a session matcher returns: vitest prints `message()` and diffs `actual` against `expected`. */
export interface SessionMatcherResult {
  pass: boolean
  message: () => string
  actual?: unknown
  expected?: unknown
}

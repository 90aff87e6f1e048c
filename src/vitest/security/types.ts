import type { TestClientApp } from '../../client/app-target.js'
import type { TestClient } from '../../client/types.js'
import type { CookiePolicy } from '../../cookies/types.js'
import type { SessionFormat } from '../../formats/types.js'
import type { SessionData } from '../../stores/types.js'

/**
 * The CHECKS.md IDs `describeSessionSecurity` can generate.
 *
 * @example
 * ```ts
 * const skip: Partial<Record<SecurityCheckId, string>> = { L6: 'stateless by design' }
 * ```
 */
export type SecurityCheckId =
  | 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'A8' | 'A9' | 'A10' | 'A11'
  | 'L1' | 'L2' | 'L3' | 'L5' | 'L6' | 'L15'
  | 'T1' | 'T2' | 'T3' | 'T6'
  | 'K4' | 'K5'

/**
 * A request the suite sends on a client: `{ path, send?, method? }` (default method POST, JSON
 * body `send`), or a function that sends it and resolves to the supertest response.
 *
 * @example
 * ```ts
 * const login: SecurityRequest = { path: '/login', send: { email, password } }
 * const logout: SecurityRequest = (client) => client.post('/logout').set('X-CSRF-Token', 'test')
 * ```
 */
export type SecurityRequest =
  | { path: string; send?: string | object; method?: 'post' | 'put' | 'patch' | 'delete' | 'get' }
  | ((client: TestClient) => PromiseLike<unknown>)

/**
 * Options of `describeSessionSecurity`: the app, its session format and the few routes the
 * checks drive. A check runs only when its inputs are given (L3/T6 need a server-side format,
 * L15 `anonymous`, K4 `retiredKeyFormat`, K5 `unknownKeyFormat`).
 *
 * @example
 * ```ts
 * const options: SessionSecurityOptions = {
 *   app, session: formats.reference(config), origin: 'https://app.test',
 *   login: { path: '/login', send: { email, password } }, logout: { path: '/logout' }, probe: '/me',
 * }
 * ```
 */
export interface SessionSecurityOptions {
  /** What `createTestClient` accepts; every check talks to it through fresh clients (empty jars). */
  app: TestClientApp
  /** The app's session format (same keys and store as the app). */
  session: SessionFormat
  /** The origin the cookie jar reasons about (default `https://app.test`, so Secure cookies round-trip). */
  origin?: string
  /** A real login: its response must set the session cookie (A1-A11 judge it). */
  login: SecurityRequest
  /** A real logout (L5, L6). */
  logout: SecurityRequest
  /** A GET path answering 2xx to a logged-in session and non-2xx otherwise. */
  probe: string
  /** A GET path that stores nothing in the session (L15). */
  anonymous?: string
  /**
   * A request storing data in an anonymous session, e.g. adding to a cart. L3 replays a
   * never-issued id to it; A1-A11 judge the cookie it sets too (store as much as the app ever
   * does to exercise A8).
   */
  write?: SecurityRequest
  /** Makes an injected session look logged in (default `session.user_id = 1`), for T3, K4, K5. */
  authenticate?: (session: SessionData) => void
  /** K4: the app's format signing with a key the app has retired. */
  retiredKeyFormat?: SessionFormat
  /** K5: the app's format signing with a key the app never knew. */
  unknownKeyFormat?: SessionFormat
  /** The cookie policy A1-A10 apply (default: the hardened policy of `checkCookiePolicy`). */
  policy?: CookiePolicy
  /** Checks not to generate, each with the reason: `{ L6: 'revocation is tested in auth.test.ts' }`. */
  skip?: Partial<Record<SecurityCheckId, string>>
  /** T6: how many logins to sample ids from (default 200, at least 20). */
  idSamples?: number
}

/**
 * One security check: resolves when the app passes, rejects with a `SecurityCheckError` naming the ID.
 *
 * @example
 * ```ts
 * const check: SecurityCheck = securityChecks.T1
 * await check(options)
 * ```
 */
export type SecurityCheck = (options: SessionSecurityOptions) => Promise<void>

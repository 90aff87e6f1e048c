import type { Test } from 'supertest'
import type { Cookie, CookieJar } from 'tough-cookie'
import type { SessionFormat } from '../formats/types.js'

/** HTTP methods the test client offers as chainable supertest calls. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options'

/** Options of {@link TestClient.request}. */
export interface RequestOptions {
  /**
   * Which cookies to send: `'jar'` (default) sends the jar's cookies and stores the response's
   * Set-Cookie headers back in the jar; `'none'` sends none and leaves the jar alone; a string is
   * sent verbatim as the `Cookie` header and the jar is left alone (for replaying a captured cookie).
   */
  cookies?: 'jar' | 'none' | string
}

/**
 * A supertest client with a browser-grade cookie jar (tough-cookie), bound to one app and one
 * origin. Dispose it (`await using client = createTestClient(app)`) or call `close()`.
 */
export interface TestClient extends AsyncDisposable {
  /** The tough-cookie jar holding this client's cookies. */
  readonly jar: CookieJar
  /** The URL the jar reasons about (`http://127.0.0.1` unless `origin` was given). */
  readonly origin: URL
  /** The session format used by `sessionTransaction`/`readSession`, if configured. */
  readonly session: SessionFormat | undefined
  get(path: string): Test
  post(path: string): Test
  put(path: string): Test
  patch(path: string): Test
  delete(path: string): Test
  head(path: string): Test
  options(path: string): Test
  request(method: HttpMethod, path: string, options?: RequestOptions): Test
  /** The cookies the jar would send to the origin's root path. */
  cookies(): Promise<Cookie[]>
  /** The same cookies as a name-to-value map (what `SessionFormat.read` takes). */
  cookieMap(): Promise<Map<string, string>>
  /** The `Cookie` header the jar would send to `path` (default `/`), or `''`. */
  cookieHeader(path?: string): Promise<string>
  /** Stores a Set-Cookie header as if the origin had sent it. */
  setCookie(header: string): Promise<void>
  clearCookies(): Promise<void>
  close(): Promise<void>
}

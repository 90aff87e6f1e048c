import type { Cookie } from 'tough-cookie'
import { CookieJar } from 'tough-cookie'
import { SessionKitError } from '../errors.js'
import type { SessionFormat } from '../formats/types.js'
import { AppTarget } from './app-target.js'
import type { TestClientApp } from './app-target.js'
import { JarTest } from './jar-test.js'
import { TrackedCookieStore } from './tracked-store.js'
import type { HttpMethod, RequestOptions, TestClient } from './types.js'

/**
 * Options of {@link createTestClient}.
 *
 * @example
 * ```ts
 * const options: TestClientOptions = { session: formats.expressSession({ secret, store }), origin: 'https://app.test' }
 * ```
 */
export interface TestClientOptions {
  /** The session format `sessionTransaction` and `readSession` use, e.g. `formats.expressSession(...)`. */
  session?: SessionFormat
  /**
   * The URL the cookie jar reasons about (default `http://127.0.0.1`). With an `https://` origin
   * Secure cookies round-trip while the transport stays plain http, and requests carry
   * `X-Forwarded-Proto: https`.
   */
  origin?: string | URL
}

/**
 * A supertest client with a browser-grade cookie jar. It starts the app once, on the first request,
 * and reuses keep-alive connections. Clients of the same app share one listening server and one
 * connection pool (each keeps its own jar): an `http.Server` passed unstarted is closed when its
 * last client is disposed; the kit's own server for a request listener stays warm (unref'd) for a
 * second after its last client, for the next test's client, then closes.
 *
 * @example
 * ```ts
 * await using client = createTestClient(app, { session: formats.cookieSession({ keys }), origin: 'https://app.test' })
 * await client.post('/login').send({ email, password }).expect(204)
 * await client.get('/me').expect(200)
 * ```
 */
export function createTestClient(app: TestClientApp, options: TestClientOptions = {}): TestClient {
  const origin = new URL(String(options.origin ?? 'http://127.0.0.1'))
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
    throw new SessionKitError(`session-testkit: origin must be an http or https URL, not ${origin.protocol}. Pass e.g. origin: 'https://app.test'.`)
  }
  // Only https origins are secure contexts (RFC 6265bis §5.7 step 13): Secure cookies set over the
  // default http origin are dropped, as a deployed browser would over http.
  const jar = new CookieJar(new TrackedCookieStore(), { allowSecureOnLocal: false, prefixSecurity: 'silent' })
  const target = new AppTarget(app)
  const binding = { jar, origin, target }
  const root = new URL('/', origin).href

  const request = (method: HttpMethod, path: string, requestOptions?: RequestOptions): JarTest => {
    if (!path.startsWith('/')) {
      throw new SessionKitError(`session-testkit: request paths start with "/" (got ${JSON.stringify(path.slice(0, 40))}). Pass the path on the app, e.g. client.get('/me'); the app itself is given to createTestClient.`)
    }
    return new JarTest(binding, method, path, requestOptions)
  }

  const client: TestClient = {
    jar,
    origin,
    session: options.session,
    get: (path) => request('get', path),
    post: (path) => request('post', path),
    put: (path) => request('put', path),
    patch: (path) => request('patch', path),
    delete: (path) => request('delete', path),
    head: (path) => request('head', path),
    options: (path) => request('options', path),
    request,
    cookies: (): Promise<Cookie[]> => jar.getCookies(root, { sameSiteContext: 'strict' }),
    async cookieMap() {
      const map = new Map<string, string>()
      for (const cookie of await client.cookies()) if (!map.has(cookie.key)) map.set(cookie.key, cookie.value)
      return map
    },
    cookieHeader: (path = '/') => jar.getCookieString(new URL(path, origin).href, { sameSiteContext: 'strict' }),
    async setCookie(header) {
      const stored = await jar.setCookie(header, root, { sameSiteContext: 'strict', ignoreError: true })
      if (!stored) {
        throw new SessionKitError(`session-testkit: the cookie jar refused a Set-Cookie header for ${origin.origin} (Secure over http, a __Host-/__Secure- prefix rule, a Domain outside the origin, or bad syntax). Fix the header, or use an https origin.`)
      }
    },
    clearCookies: () => jar.removeAllCookies(),
    close: () => target.close(),
    [Symbol.asyncDispose]: () => target.close(),
  }
  return client
}

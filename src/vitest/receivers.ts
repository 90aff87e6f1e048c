import { isDeletionCookie, parseSetCookie, type ParsedSetCookie } from '../cookies/index.js'
import type { TestClient } from '../client/types.js'
import type { SessionFormat } from '../formats/types.js'

const RECEIVERS = 'a supertest response, a fetch Response, Headers, or Set-Cookie string(s)'

const isThenable = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function'

const describeValue = (v: unknown): string =>
  isThenable(v) ? 'a promise (an un-awaited request?)' : v === null ? 'null' : Array.isArray(v) ? 'an array of non-strings' : typeof v === 'object' ? `an object (${Object.keys(v).slice(0, 5).join(', ') || 'no keys'})` : typeof v


/**
 * The Set-Cookie headers of a matcher's receiver: a supertest (or superagent) response, a fetch
 * `Response`, a `Headers`, or raw Set-Cookie string(s). Anything else is misuse: `TypeError`.
 */
export function setCookieHeaders(received: unknown, matcher: string): string[] {
  if (typeof received === 'string') return [received]
  if (Array.isArray(received) && received.every((h) => typeof h === 'string')) return received as string[]
  if (typeof Headers !== 'undefined' && received instanceof Headers) return received.getSetCookie()
  if (typeof Response !== 'undefined' && received instanceof Response) return received.headers.getSetCookie()
  if (typeof received === 'object' && received !== null && !isThenable(received)) {
    const headers = (received as { headers?: unknown }).headers
    if (typeof headers === 'object' && headers !== null) {
      const raw = (headers as Record<string, unknown>)['set-cookie']
      if (raw === undefined) return []
      if (typeof raw === 'string') return [raw]
      if (Array.isArray(raw) && raw.every((h) => typeof h === 'string')) return raw as string[]
    }
  }
  const hint = isThenable(received) ? ' Await the request first, e.g. expect(await client.get("/")).' : ''
  throw new TypeError(`session-testkit: ${matcher} expects ${RECEIVERS}; received ${describeValue(received)}.${hint || ' Pass the response itself.'}`)
}

/** The last Set-Cookie header for `name`, the one a browser ends up keeping, or `undefined`. */
export function findCookie(headers: readonly string[], name: string): ParsedSetCookie | undefined {
  let found: ParsedSetCookie | undefined
  for (const h of headers) {
    const c = parseSetCookie(h)
    if (c.name === name) found = c
  }
  return found
}

/** Like {@link findCookie} but ignores deletion headers (for matchers about a cookie being set). */
export function findSetCookie(headers: readonly string[], name: string, now: Date = new Date()): ParsedSetCookie | undefined {
  let found: ParsedSetCookie | undefined
  for (const h of headers) {
    const c = parseSetCookie(h)
    if (c.name === name && !isDeletionCookie(c, now)) found = c
  }
  return found
}

/** Validates the cookie-name argument of a matcher. */
export function assertCookieName(name: unknown, matcher: string): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`session-testkit: ${matcher} needs the cookie name as its first argument; received ${describeValue(name)}. Call e.g. ${matcher}('sid').`)
  }
}

/**
 * Narrows an async matcher's receiver to a test client (`createTestClient`) that has a session
 * format, or throws `TypeError`.
 */
export function asSessionClient(received: unknown, matcher: string): { client: TestClient; format: SessionFormat } {
  const c = received as Partial<TestClient> | null
  const ok = typeof c === 'object' && c !== null && typeof c.request === 'function' && typeof c.cookieMap === 'function' && typeof c.setCookie === 'function'
  if (!ok) {
    throw new TypeError(`session-testkit: ${matcher} expects a test client from createTestClient(app, { session }); received ${describeValue(received)}. Use await expect(client).${matcher}(…).`)
  }
  if (c.session === undefined) {
    throw new TypeError(`session-testkit: ${matcher} needs a client with a session format. Create it with createTestClient(app, { session: formats.expressSession({ … }) }).`)
  }
  return { client: c as TestClient, format: c.session }
}

import type { CookieAttributes } from './resolve-config.js'

// The attribute suffix per attributes object: configurations are resolved once, so this is
// computed once per middleware instead of once per response.
const suffixes = new WeakMap<CookieAttributes, string>()

function attributes(attrs: CookieAttributes): string {
  let out = suffixes.get(attrs)
  if (out === undefined) suffixes.set(attrs, (out = buildAttributes(attrs)))
  return out
}

function buildAttributes(attrs: CookieAttributes): string {
  let out = `; Path=${attrs.path}`
  if (attrs.domain !== undefined) out += `; Domain=${attrs.domain}`
  if (attrs.secure) out += '; Secure'
  if (attrs.httpOnly) out += '; HttpOnly'
  out += `; SameSite=${attrs.sameSite}`
  if (attrs.partitioned) out += '; Partitioned'
  return out
}

let lastSeconds = Number.NaN
let lastDate = ''

/** The IMF-fixdate of an instant in whole seconds; the last one is kept, as most responses share it. */
function httpDate(seconds: number): string {
  if (seconds !== lastSeconds) {
    lastDate = new Date(seconds * 1000).toUTCString()
    lastSeconds = seconds
  }
  return lastDate
}

/**
 * A session Set-Cookie header. With `maxAgeSeconds` (permanent sessions) it carries Max-Age and an
 * Expires computed from the same instant, so the two agree (A9); without, a browser-session cookie.
 *
 * @example
 * ```ts
 * serializeSessionCookie('session', 'abc', attrs, 3600) // 'session=abc; Max-Age=3600; Expires=...; Path=/; Secure; HttpOnly; SameSite=Lax'
 * ```
 */
export function serializeSessionCookie(name: string, value: string, attrs: CookieAttributes, maxAgeSeconds?: number): string {
  let header = `${name}=${value}`
  if (maxAgeSeconds !== undefined) {
    // Expires is an IMF-fixdate (6265bis §4.1.1); whole seconds, so round the instant down.
    header += `; Max-Age=${maxAgeSeconds}; Expires=${httpDate(Math.floor(Date.now() / 1000) + maxAgeSeconds)}`
  }
  return header + attributes(attrs)
}

/**
 * A deletion header for the session cookie: empty value, Max-Age=0 and an Expires in 1970, with the
 * same name, Path, Domain and Secure as the cookie it deletes, or the browser keeps it (L5).
 *
 * @example
 * ```ts
 * serializeDeletionCookie('session', attrs) // 'session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; ...'
 * ```
 */
export function serializeDeletionCookie(name: string, attrs: CookieAttributes): string {
  return `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${attributes(attrs)}`
}

/**
 * The value of the cookie named exactly `name` in a Cookie request header, or `undefined`. The
 * match is case-sensitive, so `__HOST-sid` never stands in for `__Host-sid` (T8); the first
 * occurrence wins.
 *
 * @example
 * ```ts
 * readRequestCookie('a=1; session=xyz', 'session') // 'xyz'
 * ```
 */
export function readRequestCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header
  if (!text) return undefined
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    if (pair.slice(0, eq).trim() === name) {
      const value = pair.slice(eq + 1).trim()
      return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
    }
  }
  return undefined
}

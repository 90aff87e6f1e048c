import { createHmac } from 'node:crypto'
import { BadSignatureError, ConfigError } from '../errors.js'
import type { SessionData } from '../stores/types.js'
import { unquoteCookieValue } from './shared-cookie-value.js'
import { safeEqual } from './shared-hmac.js'
import { parseSessionJson } from './shared-session-json.js'
import type { CookieMap, FormatCookie, SessionFormat, SessionRead } from './types.js'

/**
 * Options of {@link cookieSession}, named as cookie-session's own (cookie attributes included), so
 * the app's options object can be passed as is.
 *
 * @example
 * ```ts
 * const options: CookieSessionOptions = { keys: ['current', 'previous'], maxAge: 86_400_000, sameSite: 'lax' }
 * app.use(cookieSession(options))
 * const format = formats.cookieSession(options)
 * ```
 */
export interface CookieSessionOptions {
  /** The app's `keys`: the first signs, all verify (keygrip). */
  keys?: readonly string[]
  /** The app's `secret`, used when `keys` is not given. */
  secret?: string
  /** Cookie name; cookie-session's default is `session` (the signature goes in `session.sig`). */
  name?: string
  maxAge?: number
  path?: string
  domain?: string
  secure?: boolean
  httpOnly?: boolean
  sameSite?: boolean | 'lax' | 'strict' | 'none'
}

/**
 * The cookie-session format: the cookie carries the session as base64 JSON and a second cookie,
 * `<name>.sig`, carries keygrip's HMAC-SHA1 of `<name>=<value>` (base64url, no padding).
 *
 * @example
 * ```ts
 * app.use(cookieSession({ keys: ['new key', 'old key'] }))
 * const client = createTestClient(app, { session: formats.cookieSession({ keys: ['new key', 'old key'] }) })
 * await sessionTransaction(client, (s) => { s.user_id = 42 })
 * ```
 */
export function cookieSession<Data extends SessionData = SessionData>(options: CookieSessionOptions): SessionFormat<Data> {
  const keys = options.keys ? [...options.keys] : options.secret !== undefined ? [options.secret] : []
  if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new ConfigError('session-testkit: cookieSession needs non-empty keys. Pass the keys the app gives to cookieSession({ keys }).')
  }
  const name = options.name ?? 'session'
  const sigName = `${name}.sig`
  const keysDescription = `${keys.length} key${keys.length === 1 ? '' : 's'}`

  async function read(cookies: CookieMap): Promise<SessionRead<Data> | null> {
    const raw = cookies.get(name)
    if (!raw) return null
    const value = unquoteCookieValue(raw)
    const signature = cookies.get(sigName)
    if (!signature) {
      throw new BadSignatureError(`session-testkit: the cookie-session cookie "${name}" has no "${sigName}" signature cookie, so cookie-session ignores it. Let the app or sessionTransaction set both cookies.`, { payload: value })
    }
    // keygrip signs `name=value` (T4: a value signed for another cookie name does not verify).
    const data = `${name}=${value}`
    const remote = unquoteCookieValue(signature)
    const keyIndex = keys.findIndex((key) => safeEqual(remote, sign(data, key)))
    if (keyIndex === -1) {
      throw new BadSignatureError(`session-testkit: the cookie-session cookie "${name}" did not verify with any of the format's ${keysDescription} (keygrip HMAC-SHA1 in "${sigName}"). Pass the app's keys to formats.cookieSession({ keys }).`, { payload: value })
    }
    const json = Buffer.from(value, 'base64').toString('utf8')
    return { data: parseSessionJson(json, `the cookie-session cookie "${name}"`) as Data, keyIndex }
  }

  async function write(data: Data): Promise<FormatCookie[]> {
    // cookie-session's encode: JSON, then standard base64 (padding kept; all cookie-octets).
    const value = Buffer.from(JSON.stringify(data)).toString('base64')
    const attributes = cookieAttributes(options, Date.now())
    return [
      { name, value, ...attributes },
      { name: sigName, value: sign(`${name}=${value}`, keys[0] as string), ...attributes },
    ]
  }

  return { name: 'cookie-session', cookieName: name, serverSide: false, keysDescription, read, write }
}

/** keygrip's `sign`: HMAC-SHA1, base64 made url-safe (`/`→`_`, `+`→`-`, `=` dropped), i.e. base64url. */
function sign(data: string, key: string): string {
  return createHmac('sha1', key).update(data).digest('base64url')
}

/** The attributes the `cookies` package writes for cookie-session's options (path `/`, HttpOnly). */
function cookieAttributes(options: CookieSessionOptions, now: number): Omit<FormatCookie, 'name' | 'value'> {
  const attributes: Omit<FormatCookie, 'name' | 'value'> = { path: options.path ?? '/' }
  if (options.maxAge) attributes.expires = new Date(now + options.maxAge)
  if (options.domain) attributes.domain = options.domain
  if (options.sameSite) {
    const sameSite = options.sameSite === true ? 'strict' : options.sameSite
    attributes.sameSite = sameSite === 'strict' ? 'Strict' : sameSite === 'lax' ? 'Lax' : 'None'
  }
  if (options.secure) attributes.secure = true
  if (options.httpOnly ?? true) attributes.httpOnly = true
  return attributes
}

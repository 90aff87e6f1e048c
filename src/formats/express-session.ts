import { randomBytes } from 'node:crypto'
import { BadSignatureError, ConfigError, SessionKitError } from '../errors.js'
import type { SessionData } from '../stores/types.js'
import { newCookieData, toFormatCookie, touchedCookieData } from './express-session-cookie.js'
import type { ExpressSessionCookieOptions } from './express-session-cookie.js'
import { storeGet, storeSet } from './express-session-store.js'
import type { ExpressSessionStore } from './express-session-store.js'
import { decodeCookieValue } from './shared-cookie-value.js'
import { hmacBase64, safeEqual } from './shared-hmac.js'
import { isSessionData } from './shared-session-json.js'
import type { CookieMap, FormatCookie, SessionFormat, SessionRead } from './types.js'

export type { ExpressSessionCookieOptions } from './express-session-cookie.js'
export type { ExpressSessionStore } from './express-session-store.js'

/**
 * Options of {@link expressSession}, named as express-session's own.
 *
 * @example
 * ```ts
 * const options: ExpressSessionOptions = { secret: ['current', 'previous'], store, cookie: { maxAge: 86_400_000 } }
 * ```
 */
export interface ExpressSessionOptions {
  /** The app's `secret`: a string, or an array whose first entry signs and all verify (K1). */
  secret: string | readonly string[]
  /** The store object the app passes to `session({ store })` (MemoryStore, connect-redis, ...). */
  store: ExpressSessionStore
  /** Cookie name; express-session's default is `connect.sid`. */
  name?: string
  /** The app's `cookie` option. */
  cookie?: ExpressSessionCookieOptions
  /** Session id generator, as express-session's `genid` (default: 24 random bytes, base64url). */
  genid?: () => string
}

/**
 * The express-session format: the cookie carries `s:` + the session id signed with HMAC-SHA256
 * (cookie-signature), url-encoded (`s%3A...`); the data lives in the store as a JSON record with
 * express-session's `cookie` object.
 *
 * @example
 * ```ts
 * const store = new session.MemoryStore()
 * app.use(session({ secret: 'keyboard cat', store, resave: false, saveUninitialized: false }))
 * const client = createTestClient(app, { session: formats.expressSession({ secret: 'keyboard cat', store }) })
 * await sessionTransaction(client, (s) => { s.user_id = 42 })
 * ```
 */
export function expressSession<Data extends SessionData = SessionData>(options: ExpressSessionOptions): SessionFormat<Data> {
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...options.secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new ConfigError('session-testkit: expressSession needs a non-empty secret or array of secrets. Pass the secret the app gives to session({ secret }).')
  }
  const { store } = options
  const name = options.name ?? 'connect.sid'
  const cookieOptions = options.cookie ?? {}
  const genid = options.genid ?? (() => randomBytes(24).toString('base64url'))
  const keysDescription = `${secrets.length} secret${secrets.length === 1 ? '' : 's'}`
  const storedCookies = new WeakMap<object, Record<string, unknown>>()

  async function read(cookies: CookieMap): Promise<SessionRead<Data> | null> {
    const raw = cookies.get(name)
    if (!raw) return null
    const value = decodeCookieValue(raw)
    if (!value.startsWith('s:')) {
      throw new BadSignatureError(`session-testkit: the express-session cookie "${name}" is not signed (no "s:" prefix), so express-session ignores it. Let the app or sessionTransaction set it.`)
    }
    const { id, keyIndex } = unsign(value.slice(2))
    const record = await storeGet(store, id)
    if (!isSessionData(record)) {
      // express-session starts a new session (with a new id) when the store has no record.
      return { data: {} as Data, keyIndex }
    }
    const { cookie, ...data } = record
    // S2: a stored `__proto__` key stays out of the data handed to tests.
    if (Object.hasOwn(data, '__proto__')) Reflect.deleteProperty(data, '__proto__')
    const result: SessionRead<Data> = { data: data as Data, id, keyIndex }
    if (isSessionData(cookie)) {
      storedCookies.set(result, cookie)
      if (cookie.expires != null) result.expiresAt = new Date(cookie.expires as string)
    }
    return result
  }

  function unsign(signed: string): { id: string; keyIndex: number } {
    // cookie-signature's unsign: everything before the last dot, re-signed and compared whole.
    const id = signed.slice(0, signed.lastIndexOf('.'))
    const keyIndex = secrets.findIndex((secret) => safeEqual(sign(id, secret), signed))
    if (keyIndex === -1) {
      throw new BadSignatureError(`session-testkit: the express-session cookie "${name}" did not verify with any of the format's ${keysDescription} (HMAC-SHA256, cookie-signature). Pass the app's secret(s) to formats.expressSession({ secret }).`, { payload: id })
    }
    return { id, keyIndex }
  }

  async function write(data: Data, previous: SessionRead<Data> | null): Promise<FormatCookie[]> {
    if (Object.hasOwn(data, 'cookie')) {
      throw new SessionKitError('session-testkit: express-session reserves the session key "cookie" for its cookie settings. Store your value under another key.')
    }
    const now = Date.now()
    const id = previous?.id ?? genid()
    const stored = previous ? storedCookies.get(previous) : undefined
    const cookie = stored ? touchedCookieData(stored, now) : newCookieData(cookieOptions, now)
    // A new session's record starts with `cookie`, as express-session's Session does.
    await storeSet(store, id, { cookie, ...data })
    return [toFormatCookie(name, encodeURIComponent(`s:${sign(id, secrets[0] as string)}`), cookie)]
  }

  return {
    name: 'express-session',
    cookieName: name,
    serverSide: true,
    keysDescription,
    read,
    write,
    hasStoredSession: async (id) => isSessionData(await storeGet(store, id)),
  }
}

/** cookie-signature's `sign`: `value.` + base64 HMAC-SHA256 without `=` padding. */
function sign(value: string, secret: string): string {
  return `${value}.${hmacBase64('sha256', secret, value).replace(/=+$/, '')}`
}

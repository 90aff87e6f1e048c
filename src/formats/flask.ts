import { BadSignatureError, ConfigError } from '../errors.js'
import type { SessionData } from '../stores/types.js'
import { dumpsTaggedJson, loadsTaggedJson } from './flask/tagged-json.js'
import { dumpPayload, loadPayload, signTimed, unsignTimed } from './flask/timed-serializer.js'
import type { SecretKey } from './flask/timed-serializer.js'
import type { CookieMap, FormatCookie, SessionFormat, SessionRead } from './types.js'

export { flaskTuple, isFlaskTuple, FlaskMarkup, FlaskUUID } from './flask/tagged-json.js'

/**
 * Options of {@link flask}, named after the Flask settings they mirror.
 *
 * @example
 * ```ts
 * // app.config: SECRET_KEY = "new", SECRET_KEY_FALLBACKS = ["old"], PERMANENT_SESSION_LIFETIME = 3600
 * const options: FlaskFormatOptions = { secretKey: 'new', secretKeyFallbacks: ['old'], permanentSessionLifetime: 3600 }
 * ```
 */
export interface FlaskFormatOptions {
  /** `SECRET_KEY`: signs new sessions and verifies first. */
  secretKey: SecretKey
  /**
   * `SECRET_KEY_FALLBACKS` (Flask 3.1+): older keys that still verify; `keyIndex` 1.. follows
   * this order. Flask before 3.1 has no such setting: rotate there by setting `SECRET_KEY` to
   * itsdangerous' key list `[...older keys, current key]`, which signs with the last key and
   * verifies with all of them (pass the last as `secretKey`, the others here).
   */
  secretKeyFallbacks?: readonly SecretKey[]
  /** `SecureCookieSessionInterface.salt`, default `cookie-session`. */
  salt?: string
  /** `SESSION_COOKIE_NAME`, default `session`. */
  cookieName?: string
  /**
   * `PERMANENT_SESSION_LIFETIME` in seconds, default 31 days. Flask rejects every session signed
   * longer ago than this (permanent or not) and sets `Expires` to now + this on permanent sessions.
   */
  permanentSessionLifetime?: number
  /** `SESSION_COOKIE_PATH`/`_DOMAIN`/`_SECURE`/`_HTTPONLY`/`_SAMESITE` (defaults `/`, none, false, true, none). */
  cookie?: Pick<FormatCookie, 'path' | 'domain' | 'secure' | 'httpOnly' | 'sameSite'>
}

const THIRTY_ONE_DAYS = 31 * 86_400

function keyLength(key: SecretKey): number {
  return typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : key.byteLength
}

/** Python truthiness (`if session.permanent:`): empty lists and dicts are false too. */
function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length > 0
  return Boolean(value)
}

/**
 * The session format of Flask's default `SecureCookieSessionInterface` (itsdangerous
 * `URLSafeTimedSerializer`, tagged JSON, zlib when shorter), checked against Flask 2.2.
 * The cookie holds all the data (`serverSide: false`). Set `_permanent: true` in the data for
 * `session.permanent = True`.
 *
 * @example
 * ```ts
 * const client = createTestClient('http://127.0.0.1:5000', {
 *   session: formats.flask({ secretKey: process.env.SECRET_KEY! }),
 * })
 * await sessionTransaction(client, (s) => { s.user_id = 42 })
 * await client.get('/me').expect(200)
 * ```
 */
export function flask<Data extends SessionData = SessionData>(options: FlaskFormatOptions): SessionFormat<Data> {
  const keys: SecretKey[] = [options.secretKey, ...(options.secretKeyFallbacks ?? [])]
  if (keys.some((key) => keyLength(key) === 0)) {
    throw new ConfigError('session-testkit: a Flask secret key is empty. Use the SECRET_KEY of the app under test.')
  }
  const salt = options.salt ?? 'cookie-session'
  const cookieName = options.cookieName ?? 'session'
  const lifetime = options.permanentSessionLifetime ?? THIRTY_ONE_DAYS
  const attributes = { path: '/', httpOnly: true, ...options.cookie }
  const fallbacks = keys.length - 1

  return {
    name: 'flask',
    cookieName,
    serverSide: false,
    keysDescription: `1 secret key${fallbacks > 0 ? ` + ${fallbacks} fallback${fallbacks === 1 ? '' : 's'}` : ''}`,

    async read(cookies: CookieMap): Promise<SessionRead<Data> | null> {
      const value = cookies.get(cookieName)
      // Flask: `if not val: return self.session_class()`.
      if (value === undefined || value === '') return null
      const now = Date.now()
      const { payload, timestamp, keyIndex } = unsignTimed(value, keys, salt, lifetime, now)
      let data: unknown
      try {
        data = loadsTaggedJson(loadPayload(payload))
      } catch (error) {
        if (error instanceof BadSignatureError) throw error
        const reason = error instanceof Error ? error.message.replace(/^session-testkit: /, '').replace(/\.[^.]*\.$/, '') : String(error)
        throw new BadSignatureError(`session-testkit: the flask session payload is not tagged JSON (${reason}). Check that the cookie was written by Flask.`, { payload, cause: error })
      }
      // Flask builds SecureCookieSession(data): `null` gives an empty session, other non-dicts a 500.
      data ??= {}
      if (typeof data !== 'object' || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) {
        throw new BadSignatureError('session-testkit: the flask session payload is not a dict. Check that the cookie was written by Flask.', { payload })
      }
      return {
        data: data as Data,
        issuedAt: new Date(timestamp * 1000),
        expiresAt: new Date((timestamp + lifetime) * 1000),
        keyIndex,
      }
    },

    async write(data: Data): Promise<FormatCookie[]> {
      const now = Date.now()
      // save_session: an emptied session deletes the cookie (werkzeug's delete_cookie).
      if (Object.keys(data).every((key) => data[key] === undefined)) {
        return [{ name: cookieName, value: '', ...attributes, maxAge: 0, expires: new Date(0) }]
      }
      const value = signTimed(dumpPayload(dumpsTaggedJson(data)), options.secretKey, salt, now)
      const cookie: FormatCookie = { name: cookieName, value, ...attributes }
      if (pythonTruthy(data['_permanent'])) cookie.expires = new Date((Math.floor(now / 1000) + lifetime) * 1000)
      return [cookie]
    },
  }
}

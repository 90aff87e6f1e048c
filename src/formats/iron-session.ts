import { BadSignatureError, ConfigError } from '../errors.js'
import type { SessionData } from '../stores/types.js'
import { sealIron, unsealIron } from './iron/seal.js'
import type { CookieMap, FormatCookie, SessionFormat, SessionRead } from './types.js'

/**
 * Options of {@link ironSession}: iron-session 8's `SessionOptions`, which can be passed as is.
 *
 * @example
 * ```ts
 * const options: IronSessionFormatOptions = { password: { 1: OLD_PASSWORD, 2: PASSWORD }, cookieName: 'app_session', ttl: 3600 }
 * ```
 */
export interface IronSessionFormatOptions {
  /**
   * A password of at least 32 characters, or a rotation map `{ 1: old, 2: new }`: the highest id
   * seals, every id unseals.
   */
  password: string | Readonly<Record<string | number, string>>
  cookieName: string
  /** Seconds the seal stays valid, default 14 days; 0 for no expiration. */
  ttl?: number
  /** Cookie attributes, iron-session's defaults: httpOnly, secure, sameSite lax, path `/`, maxAge ttl - 60. */
  cookieOptions?: {
    httpOnly?: boolean
    secure?: boolean
    sameSite?: 'strict' | 'lax' | 'none'
    path?: string
    domain?: string
    /** `undefined` given explicitly makes a browser-session cookie and a seal without expiration, as iron-session does. */
    maxAge?: number | undefined
  }
}

const FOURTEEN_DAYS = 14 * 86_400
const TOKEN_VERSION = 2
const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const

function normalizePasswords(password: IronSessionFormatOptions['password']): Map<string, string> {
  const entries = typeof password === 'string' ? [['1', password] as const] : Object.entries(password)
  if (entries.length === 0) throw new ConfigError('session-testkit: the iron-session password map is empty. Pass the password (or map) of the app under test.')
  for (const [id, secret] of entries) {
    if (!/^\d+$/.test(id)) throw new ConfigError(`session-testkit: iron-session password id "${id}" is not a number. Use numeric ids, the highest one being the current password.`)
    if (typeof secret !== 'string' || secret.length < 32) {
      throw new ConfigError('session-testkit: an iron-session password is shorter than 32 characters. Use the password of the app under test (iron-session requires 32+).')
    }
  }
  // Newest (highest id) first: keyIndex 0 is the sealing password.
  return new Map([...entries].sort(([a], [b]) => Number(b) - Number(a)))
}

/**
 * The session format of iron-session 8 (`getIronSession`): the whole session JSON sealed with
 * iron (`Fe26.2*...`) plus iron-session's `~2` version suffix. The cookie holds all the data
 * (`serverSide: false`); `expiresAt` is the seal's expiration.
 *
 * @example
 * ```ts
 * const client = createTestClient(app, {
 *   session: formats.ironSession({ password: { 1: OLD_PASSWORD, 2: PASSWORD }, cookieName: 'app_session' }),
 *   origin: 'https://app.test',
 * })
 * await sessionTransaction(client, (s) => { s.user_id = 42 })
 * ```
 */
export function ironSession<Data extends SessionData = SessionData>(options: IronSessionFormatOptions): SessionFormat<Data> {
  if (!options.cookieName) throw new ConfigError('session-testkit: ironSession needs cookieName. Pass the cookieName of the app under test.')
  const passwords = normalizePasswords(options.password)
  const ids = [...passwords.keys()]
  const [sealingId = '1'] = ids
  const sealingSecret = passwords.get(sealingId) ?? ''
  const cookieOptions = options.cookieOptions ?? {}
  const sessionCookie = 'maxAge' in cookieOptions && cookieOptions.maxAge === undefined
  const ttl = sessionCookie ? 0 : (options.ttl ?? FOURTEEN_DAYS)
  const maxAge = 'maxAge' in cookieOptions ? cookieOptions.maxAge : ttl === 0 ? 2_147_483_647 : ttl - 60
  const attributes: Omit<FormatCookie, 'name' | 'value'> = {
    path: cookieOptions.path ?? '/',
    httpOnly: cookieOptions.httpOnly ?? true,
    secure: cookieOptions.secure ?? true,
    sameSite: SAME_SITE[cookieOptions.sameSite ?? 'lax'],
    ...(cookieOptions.domain === undefined ? {} : { domain: cookieOptions.domain }),
    ...(maxAge === undefined ? {} : { maxAge }),
  }

  return {
    name: 'iron-session',
    cookieName: options.cookieName,
    serverSide: false,
    keysDescription: `${ids.length} password${ids.length === 1 ? '' : 's'}`,

    async read(cookies: CookieMap): Promise<SessionRead<Data> | null> {
      const value = cookies.get(options.cookieName)
      if (value === undefined || value === '') return null
      // iron-session's parseSeal: `seal~version`; no suffix is a pre-v8 token holding `persistent`.
      const [sealed = '', version] = value.split('~')
      const tokenVersion = version === undefined ? null : Number.parseInt(version, 10)
      if (tokenVersion !== null && tokenVersion !== TOKEN_VERSION) {
        throw new BadSignatureError(`session-testkit: the iron-session token version is not ${TOKEN_VERSION}. Check that the cookie was not altered (iron-session 8 reads it as an empty session).`)
      }
      const { text, passwordId, expiration } = unsealIron(sealed, passwords, Date.now())
      let parsed: unknown
      try {
        parsed = text === '' ? null : JSON.parse(text)
      } catch (error) {
        throw new BadSignatureError('session-testkit: the iron-session seal does not hold JSON. Check that the cookie was written by iron-session.', { cause: error })
      }
      if (tokenVersion === null) parsed = (parsed as { persistent?: unknown } | null)?.persistent
      parsed ??= {}
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new BadSignatureError('session-testkit: the iron-session seal does not hold a JSON object. Check that the cookie was written by iron-session.')
      }
      return {
        data: parsed as Data,
        keyIndex: ids.indexOf(passwordId),
        ...(expiration === undefined ? {} : { expiresAt: new Date(expiration) }),
      }
    },

    async write(data: Data): Promise<FormatCookie[]> {
      const sealed = sealIron(JSON.stringify(data), { id: sealingId, secret: sealingSecret }, ttl * 1000, Date.now())
      return [{ name: options.cookieName, value: `${sealed}~${TOKEN_VERSION}`, ...attributes }]
    },
  }
}

import type { SessionData } from '../stores/types.js'

/** The cookies a browser would send for the client's origin, name to raw value. */
export type CookieMap = ReadonlyMap<string, string>

/** A cookie a format writes, as the real library would set it. */
export interface FormatCookie {
  name: string
  value: string
  /** Attributes as the library sets them (path, domain, secure, httpOnly, sameSite, maxAge seconds, expires). */
  path?: string
  domain?: string
  secure?: boolean
  httpOnly?: boolean
  sameSite?: 'Strict' | 'Lax' | 'None'
  maxAge?: number
  expires?: Date
}

/** What a format decoded from the client's cookies. */
export interface SessionRead<Data extends SessionData = SessionData> {
  data: Data
  /** Server-side session id, when the format stores data server-side. */
  id?: string
  /** When the session (or its signature) was issued, where the format records it. */
  issuedAt?: Date
  /** When the session expires, where the format records it. */
  expiresAt?: Date
  /**
   * Index into the format's key list of the key that verified the cookie (0 = the current
   * signing key, 1.. = fallbacks), for rotation checks K1-K5.
   */
  keyIndex: number
}

/**
 * A session format: how one session library puts a session into cookies (and, for server-side
 * sessions, into a store). `read` verifies and decodes; `write` encodes and signs exactly as the
 * real library does, writing the store entry for server-side formats.
 *
 * @example
 * ```ts
 * const format = formats.expressSession({ secret: 'keyboard cat', store })
 * const cookies = await format.write({ user_id: 42 }, null)
 * ```
 */
export interface SessionFormat<Data extends SessionData = SessionData> {
  /** The library this format matches, e.g. `express-session`. */
  readonly name: string
  /** The name of the cookie that carries the session (or its id). */
  readonly cookieName: string
  /** `true` when session data lives in a store and the cookie carries a signed id. */
  readonly serverSide: boolean
  /** A description of the key set for error messages (never the keys): e.g. `2 secrets`. */
  readonly keysDescription: string
  /**
   * Verifies and decodes the session the cookies carry. Returns `null` when no session cookie is
   * present; throws `BadSignatureError` when one is present but does not verify.
   */
  read(cookies: CookieMap): Promise<SessionRead<Data> | null>
  /**
   * Encodes `data` as the library would and returns the cookies to store in the jar. `previous` is
   * what `read` returned (so server-side formats keep the same id), or `null` to start a new session.
   */
  write(data: Data, previous: SessionRead<Data> | null): Promise<FormatCookie[]>
  /** For server-side formats: whether the store still holds `id` (used by the lifecycle matchers). */
  hasStoredSession?(id: string): Promise<boolean>
}

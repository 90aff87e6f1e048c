import type { IncomingMessage } from 'node:http'
import type { SessionSerializer } from '../signing/serializer.js'
import type { SigningKey } from '../signing/signer.js'
import type { CookieStorage } from '../stores/cookie.js'
import type { SessionData, SessionStore } from '../stores/types.js'

/**
 * Attributes of the session cookie. Defaults: Secure, HttpOnly, SameSite=Lax, Path=/, host-only.
 *
 * @example
 * ```ts
 * createSessionMiddleware({ secretKey, cookieName: '__Host-sid', cookie: { sameSite: 'Strict' } })
 * ```
 */
export interface SessionCookieOptions {
  /** Default `true`. `false` only for plain-http tests; browsers accept Secure on http://localhost. */
  secure?: boolean
  /** Default `true`: scripts cannot read the session cookie. */
  httpOnly?: boolean
  /** Default `'Lax'`. `'None'` requires `secure`. */
  sameSite?: 'Strict' | 'Lax' | 'None' | 'strict' | 'lax' | 'none'
  /** Default `/`. */
  path?: string
  /** Default unset (host-only cookie, A5). Not allowed with a `__Host-` name. */
  domain?: string
  /** CHIPS partitioned cookie; requires `secure`. */
  partitioned?: boolean
}

/**
 * Configuration of {@link createSessionMiddleware} and `formats.reference`, named after the Flask
 * settings (`SECRET_KEY`, `SECRET_KEY_FALLBACKS`, `SESSION_COOKIE_*`, `PERMANENT_SESSION_LIFETIME`,
 * `SESSION_REFRESH_EACH_REQUEST`, Flask-Session's `SESSION_USE_SIGNER`).
 *
 * @example
 * ```ts
 * const config: SessionConfig = {
 *   secretKey: process.env.SECRET_KEY!,
 *   secretKeyFallbacks: [process.env.OLD_SECRET_KEY!],
 *   store: stores.memory(),
 *   idleTimeoutSeconds: 30 * 60,
 *   absoluteTimeoutSeconds: 12 * 3600,
 * }
 * ```
 */
export interface SessionConfig {
  /** At least 32 random bytes. The only key that signs. */
  secretKey: SigningKey
  /** Previous keys, newest first: they still verify (K1) and their cookies are re-issued (K3). */
  secretKeyFallbacks?: readonly SigningKey[]
  /** Default `session`. */
  cookieName?: string
  cookie?: SessionCookieOptions
  /** Lifetime of permanent sessions and the maximum age of any session; default 7 days. */
  lifetimeSeconds?: number
  /** Whether new sessions are permanent (Max-Age/Expires) or browser-session cookies; default `false`. */
  permanent?: boolean
  /** Re-issue permanent sessions on every request, sliding their expiry; default `true`. */
  refreshEachRequest?: boolean
  /** End a session unused for this long, enforced by the server (L7). */
  idleTimeoutSeconds?: number
  /** End a session this long after it was created, whatever its use (L8). */
  absoluteTimeoutSeconds?: number
  /** Where data lives; default `stores.cookie()` (the signed cookie holds the data). */
  store?: SessionStore | CookieStorage
  /** Sign server-side ids in the cookie; default `true`. */
  useSigner?: boolean
  /** Random bytes per server-side id; default 32, at least 16 (T6: ≥ 128 bits). */
  idBytes?: number
  /** JSON serializer; default tagged JSON. Anything that does not write JSON is refused (S1). */
  serializer?: SessionSerializer
  /**
   * Called on each request with a verified session; return `false` to treat it as anonymous.
   * Lets an app revoke stateless sessions, e.g. by comparing a per-user session version (L6, L10).
   */
  revalidate?: (data: SessionData, req: IncomingMessage) => boolean | Promise<boolean>
}

import type { CodecUnsafe } from './codec.js'
import type { CookieAttributes } from './resolve-config.js'

/**
 * Internal switches that remove one protection each, for the deliberately broken variants in
 * test/support (each named after the check it breaks). Not exported from any entry point and not
 * part of {@link SessionConfig}: no public configuration can reach them.
 */
export interface UnsafeOptions extends CodecUnsafe {
  /** Overrides attributes after validation (A1, A2, A3, A4, A5, A10). */
  cookieAttributes?: Partial<CookieAttributes>
  /** Max-Age to send instead of the computed one (A9). */
  maxAgeSeconds?: number
  /** No `Vary: Cookie` (A11). */
  skipVary?: boolean
  /** destroy() leaves the cookie in the browser (L5). */
  skipDeletionHeader?: boolean
  /** destroy()/regenerate() leave the store entry alive (L6, L2). */
  keepEntryOnDestroy?: boolean
  /** regenerate() keeps the id and clear() keeps the data (L1, L2). */
  skipRegenerate?: boolean
  /** A validly signed, unknown id is adopted (L3). */
  adoptUnknownIds?: boolean
  /** A cookie verified by a fallback key is not re-issued (K3). */
  skipKeyReissue?: boolean
  /** Anonymous sessions get a cookie even when nothing is stored (L15). */
  saveUninitialized?: boolean
  /** Oversized cookies are sent anyway (A8). */
  skipSizeLimit?: boolean
  /** The cookie name is matched case-insensitively (T8). */
  caseInsensitiveName?: boolean
}

import { MemoryCookieStore } from 'tough-cookie'
import type { Cookie, CookieJar, ErrorCallback } from 'tough-cookie'

/**
 * tough-cookie's in-memory store, remembering whether a cookie was ever stored: a client whose jar
 * never held one (a fresh client's first request, its first `sessionTransaction`) skips the jar
 * lookups, which resolve the public suffix of the origin's host on every call.
 */
export class TrackedCookieStore extends MemoryCookieStore {
  /** `false` until the first cookie is stored (it stays `true` after removals). */
  used = false

  override putCookie(cookie: Cookie): Promise<void>
  override putCookie(cookie: Cookie, callback: ErrorCallback): void
  override putCookie(cookie: Cookie, callback?: ErrorCallback): unknown {
    this.used = true
    return callback === undefined ? super.putCookie(cookie) : super.putCookie(cookie, callback)
  }
}

/** `false` when the jar has certainly never held a cookie (its store is a {@link TrackedCookieStore} not yet used). */
export function mayHoldCookies(jar: CookieJar): boolean {
  const { store } = jar
  return !(store instanceof TrackedCookieStore) || store.used
}

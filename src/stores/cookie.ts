/**
 * Marks that the session data itself travels in the signed cookie (the default storage, as
 * Flask's): nothing is kept on the server.
 *
 * @example
 * ```ts
 * const storage: CookieStorage = stores.cookie()
 * ```
 */
export interface CookieStorage {
  readonly kind: 'cookie'
}

/**
 * Keeps session data in the signed cookie itself (the default). Stateless: logout cannot revoke a
 * captured cookie unless the app gives a `revalidate` hook (L6).
 *
 * @example
 * ```ts
 * createSessionMiddleware({ secretKey, store: stores.cookie() })
 * ```
 */
export function cookieStore(): CookieStorage {
  return { kind: 'cookie' }
}

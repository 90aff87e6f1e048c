/**
 * The error tree of session-testkit. Every error the kit throws on purpose is a
 * {@link SessionKitError}; messages are shaped `session-testkit: <what>. <how to fix>.`
 * and never contain a secret or a full cookie value.
 *
 * @example
 * ```ts
 * import { BadSignatureError, readSession } from 'session-testkit'
 * try { await readSession(client) } catch (e) { if (e instanceof BadSignatureError) { ... } }
 * ```
 */
export class SessionKitError extends Error {
  override name = 'SessionKitError'
  constructor(message: string, options?: ErrorOptions) {
    super(message.startsWith('session-testkit:') ? message : `session-testkit: ${message}`, options)
  }
}

/**
 * A signature did not verify (tampered, malformed, or signed with an unknown key).
 * `payload` is the unverified payload when it could be split off, for diagnostics only:
 * never trust it.
 *
 * @example
 * ```ts
 * expect(() => signer.unsign(tampered)).toThrow(BadSignatureError)
 * ```
 */
export class BadSignatureError extends SessionKitError {
  override name = 'BadSignatureError'
  readonly payload: string | undefined
  constructor(message: string, options?: ErrorOptions & { payload?: string | undefined }) {
    super(message, options)
    this.payload = options?.payload
  }
}

/**
 * The signature is valid but the embedded timestamp is too old (itsdangerous' `SignatureExpired`).
 *
 * @example
 * ```ts
 * try { timed.unsign(value, { maxAgeSeconds: 60 }) } catch (e) { if (e instanceof SessionExpiredError) e.signedAt }
 * ```
 */
export class SessionExpiredError extends BadSignatureError {
  override name = 'SessionExpiredError'
  readonly signedAt: Date
  constructor(message: string, options: ErrorOptions & { payload?: string | undefined; signedAt: Date }) {
    super(message, options)
    this.signedAt = options.signedAt
  }
}

/**
 * A configuration that cannot work or is unsafe, raised at construction time.
 *
 * @example
 * ```ts
 * expect(() => createSessionMiddleware({ secretKey: 'short' })).toThrow(ConfigError)
 * ```
 */
export class ConfigError extends SessionKitError {
  override name = 'ConfigError'
}

/**
 * A session store failed (unreachable, timed out, corrupt entry). `cause` holds the original error.
 * The reference middleware turns it into a 503 through the app's error handler (fail closed).
 *
 * @example
 * ```ts
 * app.use((err, req, res, next) => res.status(err instanceof StoreError ? 503 : 500).end())
 * ```
 */
export class StoreError extends SessionKitError {
  override name = 'StoreError'
  readonly status = 503
  readonly statusCode = 503
  readonly expose = false
}

import { randomBytes } from 'node:crypto'
import { BadSignatureError, SessionExpiredError, SessionKitError } from '../errors.js'
import { decodeBase64Url, encodeBase64Url } from '../signing/base64url.js'
import { createSigner, type SigningKey } from '../signing/signer.js'
import { createTimestampSigner } from '../signing/timestamp-signer.js'
import { isStoredSession } from '../stores/stored-session.js'
import type { SessionMeta, StoredSession } from '../stores/types.js'
import type { ResolvedConfig } from './resolve-config.js'

/** A cookie session decoded and verified by {@link ReferenceCodec.decodeCookieSession}. */
export interface DecodedCookieSession {
  session: StoredSession
  keyIndex: number
  signedAt: Date
}

/**
 * The byte layout of reference sessions, shared by the middleware and `formats.reference` so the
 * two can never diverge. Pure: no I/O, time from `Date.now()`.
 */
export interface ReferenceCodec {
  /** `base64url(json(StoredSession)).timestamp.signature`, signed with the current key. */
  encodeCookieSession(session: StoredSession): string
  /** Verifies, decodes and checks the timeouts; throws BadSignatureError / SessionExpiredError. */
  decodeCookieSession(value: string): DecodedCookieSession
  /** The id cookie value: `id.signature` with `useSigner`, the bare id otherwise. */
  encodeId(id: string): string
  /** Verifies an id cookie value and its shape; throws BadSignatureError. */
  decodeId(value: string): { id: string; keyIndex: number }
  /** A new random id of `idBytes` bytes (T6). */
  newId(): string
  /** Fresh timing for a session starting now. */
  newMeta(permanent: boolean): SessionMeta
  /** Throws SessionExpiredError when the server-side timeouts have passed (L7, L8, L9). */
  assertFresh(meta: SessionMeta): void
  /** Seconds a store may keep the entry, from its `lastSeenAt`. */
  ttlSeconds(meta: SessionMeta): number
  /** Max-Age of a permanent session's cookie, never past a timeout. */
  maxAgeSeconds(meta: SessionMeta): number
  /** Throws when `name=value` is over the 4096 bytes browsers keep (A8). */
  assertCookieSize(value: string): void
}

/** Internal switches used only by test/support's deliberately broken variants. */
export interface CodecUnsafe {
  signWithFallback?: boolean
  ignoreFallbacks?: boolean
  extraVerifyKeys?: readonly SigningKey[]
  skipTimeChecks?: boolean
  /** Accepts any value whose payload decodes, even unsigned (T1, T3, K5). */
  skipSignatureCheck?: boolean
  /** Ids from a counter instead of randomness (T6). */
  predictableIds?: boolean
}

const MAX_COOKIE_BYTES = 4096 // RFC 6265bis §5.6: name + value

function keyList(config: ResolvedConfig, unsafe: CodecUnsafe): [SigningKey, ...SigningKey[]] {
  const [current, ...fallbacks] = config.keys as [SigningKey, ...SigningKey[]]
  if (unsafe.ignoreFallbacks) return [current]
  if (unsafe.signWithFallback && fallbacks[0] !== undefined) return [fallbacks[0], current, ...fallbacks.slice(1)]
  return [current, ...fallbacks, ...(unsafe.extraVerifyKeys ?? [])]
}

/**
 * Builds the codec for a resolved configuration. Salts bind each signature to its purpose and
 * cookie name (T4): a signed id is never accepted as session data, nor under another cookie name.
 *
 * @example
 * ```ts
 * const codec = createReferenceCodec(resolveConfig({ secretKey }))
 * const value = codec.encodeCookieSession({ data: { user_id: 1 }, meta: codec.newMeta(false) })
 * ```
 */
export function createReferenceCodec(config: ResolvedConfig, unsafe: CodecUnsafe = {}): ReferenceCodec {
  const [secretKey, ...fallbackKeys] = keyList(config, unsafe)
  const dataSigner = createTimestampSigner({ secretKey, fallbackKeys, salt: `session-testkit.reference:data:${config.cookieName}` })
  const idSigner = createSigner({ secretKey, fallbackKeys, salt: `session-testkit.reference:id:${config.cookieName}` })
  const idLength = Math.ceil((config.idBytes * 8) / 6)
  const idShape = new RegExp(`^[A-Za-z0-9_-]{${idLength}}$`)
  let counter = 0
  const { lifetimeSeconds, idleTimeoutSeconds: idle, absoluteTimeoutSeconds: absolute } = config

  const remainingSeconds = (meta: SessionMeta): number => {
    const limits = [lifetimeSeconds, idle ?? Infinity]
    if (absolute !== undefined) limits.push(absolute - (meta.lastSeenAt - meta.createdAt) / 1000)
    return Math.max(0, Math.min(...limits))
  }

  const assertFresh = (meta: SessionMeta): void => {
    if (unsafe.skipTimeChecks) return
    const now = Date.now()
    const signedAt = new Date(meta.createdAt)
    const expired = (why: string): never => {
      throw new SessionExpiredError(`session ${why}. Sign in again.`, { signedAt })
    }
    // A second of tolerance for clocks; a session from the future is forged or mis-clocked.
    if (meta.createdAt > now + 1000 || meta.lastSeenAt > now + 1000 || meta.lastSeenAt < meta.createdAt) expired('has impossible timestamps')
    if (now - meta.lastSeenAt > lifetimeSeconds * 1000) expired(`is older than its ${lifetimeSeconds} s lifetime`)
    if (idle !== undefined && now - meta.lastSeenAt > idle * 1000) expired(`was idle for more than ${idle} s (L7)`)
    if (absolute !== undefined && now - meta.createdAt > absolute * 1000) expired(`is older than the ${absolute} s absolute timeout (L8)`)
  }

  const parsePayload = (payload: string): StoredSession => {
    const json = decodeBase64Url(payload)
    let session: unknown
    try {
      session = json === null ? undefined : config.serializer.parse(Buffer.from(json).toString('utf8'))
    } catch {
      session = undefined
    }
    if (unsafe.skipSignatureCheck && !isStoredSession(session) && session !== null && typeof session === 'object' && !Array.isArray(session)) {
      const now = Date.now()
      session = { data: session, meta: { createdAt: now, lastSeenAt: now, permanent: false } }
    }
    if (!isStoredSession(session)) throw new BadSignatureError('session payload is not a reference session. Re-issue it.', { payload })
    return session
  }

  return {
    encodeCookieSession(session) {
      return dataSigner.sign(encodeBase64Url(config.serializer.stringify(session)))
    },
    decodeCookieSession(value) {
      let decoded: { value: string; keyIndex: number; signedAt: Date }
      if (unsafe.skipSignatureCheck) {
        decoded = { value: value.split('.')[0] ?? '', keyIndex: 0, signedAt: new Date() }
      } else {
        // The signature age is checked against the lifetime too, so a cookie whose expiry was
        // stripped cannot outlive it (L9, T5).
        decoded = dataSigner.unsign(value, unsafe.skipTimeChecks ? { maxFutureSeconds: Infinity } : { maxAgeSeconds: lifetimeSeconds, maxFutureSeconds: 1 })
      }
      const session = parsePayload(decoded.value)
      assertFresh(session.meta)
      return { session, keyIndex: decoded.keyIndex, signedAt: decoded.signedAt }
    },
    encodeId: (id) => (config.useSigner ? idSigner.sign(id) : id),
    decodeId(value) {
      const { value: id, keyIndex } = config.useSigner ? idSigner.unsign(value) : { value, keyIndex: 0 }
      if (!idShape.test(id)) throw new BadSignatureError(`session id is not ${config.idBytes} base64url bytes. Issue ids with the same idBytes.`)
      return { id, keyIndex }
    },
    newId: () => {
      if (!unsafe.predictableIds) return randomBytes(config.idBytes).toString('base64url')
      const bytes = Buffer.alloc(config.idBytes)
      bytes.writeUInt32BE(++counter, config.idBytes - 4)
      return bytes.toString('base64url')
    },
    newMeta(permanent) {
      const now = Date.now()
      return { createdAt: now, lastSeenAt: now, permanent }
    },
    assertFresh,
    // One second past the server's own limit, so the timeout checks decide, not the store's expiry.
    ttlSeconds: (meta) => Math.ceil(remainingSeconds(meta)) + 1,
    maxAgeSeconds: (meta) => Math.floor(remainingSeconds(meta)),
    assertCookieSize(value) {
      const bytes = Buffer.byteLength(`${config.cookieName}=${value}`)
      if (bytes > MAX_COOKIE_BYTES) {
        throw new SessionKitError(
          `the session cookie would be ${bytes} bytes, over the ${MAX_COOKIE_BYTES} bytes browsers keep (A8, RFC 6265bis). Store less in the session, or use a server-side store (stores.memory(), stores.filesystem(dir)).`,
        )
      }
    },
  }
}

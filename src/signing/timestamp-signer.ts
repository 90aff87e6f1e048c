import { BadSignatureError, SessionExpiredError } from '../errors.js'
import { decodeBase64Url, encodeBase64Url } from './base64url.js'
import { createSigner, type SignerOptions } from './signer.js'

/**
 * Options of {@link TimestampSigner.unsign}.
 *
 * @example
 * ```ts
 * timed.unsign(token, { maxAgeSeconds: 3600, maxFutureSeconds: 5 })
 * ```
 */
export interface TimestampCheck {
  /** Reject signatures older than this (itsdangerous `max_age`). */
  maxAgeSeconds?: number
  /** Tolerated clock skew for timestamps in the future; default 0. */
  maxFutureSeconds?: number
}

/**
 * The result of a successful {@link TimestampSigner.unsign}.
 *
 * @example
 * ```ts
 * const { value, keyIndex, signedAt }: TimestampUnsigned = timed.unsign(token)
 * ```
 */
export interface TimestampUnsigned {
  value: string
  keyIndex: number
  signedAt: Date
}

/**
 * A signer that also records when it signed (itsdangerous' `TimestampSigner`).
 *
 * @example
 * ```ts
 * const timed: TimestampSigner = createTimestampSigner({ secretKey })
 * ```
 */
export interface TimestampSigner {
  readonly keyCount: number
  /** `value.timestamp.signature`, the timestamp being big-endian seconds in base64url. */
  sign(value: string, now?: Date): string
  /** Verifies signature then timestamp; throws {@link BadSignatureError} or {@link SessionExpiredError}. */
  unsign(signed: string, check?: TimestampCheck): TimestampUnsigned
}

// 2^53 - 1 seconds is far beyond any Date; more than 7 bytes is never a real timestamp.
const MAX_TIMESTAMP_BYTES = 7

function encodeTimestamp(seconds: number): string {
  let hex = seconds.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  return encodeBase64Url(Buffer.from(hex === '00' ? '' : hex, 'hex'))
}

function decodeTimestamp(text: string): number | null {
  const bytes = decodeBase64Url(text)
  if (bytes === null || bytes.length === 0 || bytes.length > MAX_TIMESTAMP_BYTES || bytes[0] === 0) return null
  return Number.parseInt(Buffer.from(bytes).toString('hex'), 16)
}

/**
 * Creates a timestamped signer with the same options as {@link createSigner}. The byte layout is
 * itsdangerous': `value + sep + base64url(int seconds) + sep + signature(value + sep + timestamp)`.
 * `unsign` rejects a malformed timestamp (BadSignatureError), a signature older than
 * `maxAgeSeconds` and one dated in the future (SessionExpiredError) (T5, L9). Time comes from
 * `Date.now()`, so `vi.setSystemTime` controls it.
 *
 * @example
 * ```ts
 * const timed = createTimestampSigner({ secretKey, salt: 'password-reset' })
 * const token = timed.sign('user-42')
 * timed.unsign(token, { maxAgeSeconds: 600 }).value // 'user-42'
 * ```
 */
export function createTimestampSigner(options: SignerOptions): TimestampSigner {
  const signer = createSigner(options)
  const sep = signer.separator
  return {
    keyCount: signer.keyCount,
    sign(value, now = new Date()) {
      return signer.sign(`${value}${sep}${encodeTimestamp(Math.floor(now.getTime() / 1000))}`)
    },
    unsign(signed, check = {}) {
      const { value: stamped, keyIndex } = signer.unsign(signed)
      const at = stamped.lastIndexOf(sep)
      if (at < 0) throw new BadSignatureError('timestamp missing from the signed value. Sign it with a timestamp signer.', { payload: stamped })
      const value = stamped.slice(0, at)
      const seconds = decodeTimestamp(stamped.slice(at + sep.length))
      if (seconds === null) throw new BadSignatureError('malformed timestamp in the signed value. Re-issue the value.', { payload: value })
      const signedAt = new Date(seconds * 1000)
      const age = Math.floor(Date.now() / 1000) - seconds
      if (check.maxAgeSeconds !== undefined && age > check.maxAgeSeconds) {
        throw new SessionExpiredError(
          `signature is ${age} s old, over the ${check.maxAgeSeconds} s limit. Sign in again to get a fresh one.`,
          { payload: value, signedAt },
        )
      }
      // A signature from the future was made by a key holder with a wrong clock or a forger (T5).
      if (age < -(check.maxFutureSeconds ?? 0)) {
        throw new SessionExpiredError(
          `signature is dated ${-age} s in the future. Check the signing server's clock.`,
          { payload: value, signedAt },
        )
      }
      return { value, keyIndex, signedAt }
    },
  }
}

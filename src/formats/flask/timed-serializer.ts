/**
 * itsdangerous 2.x `URLSafeTimedSerializer` as Flask configures it for sessions: HMAC-SHA1 over
 * `payload.timestamp`, the signing key derived as `HMAC-SHA1(secret, salt)` ("hmac" key
 * derivation), base64url without padding, and the payload zlib-compressed (marked by a leading
 * `.`) when that makes it shorter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { BadSignatureError, SessionExpiredError } from '../../errors.js'
import { decodeBase64Url } from '../../signing/base64url.js'
import { deflateLikeZlib } from './zlib-deflate.js'

export type SecretKey = string | Uint8Array

/** What {@link unsignTimed} verified. */
export interface UnsignedValue {
  /** The base64 payload (with its `.` compression mark), as itsdangerous' `load_payload` takes it. */
  payload: string
  /** Unix seconds the value was signed at. */
  timestamp: number
  /** Index into the key list of the key that verified the signature. */
  keyIndex: number
}

// Decompressed payloads past this size are refused (a session cookie is at most 4 KB compressed).
const MAX_INFLATED_BYTES = 1024 * 1024

function deriveKey(secret: SecretKey, salt: string): Buffer {
  return createHmac('sha1', secret).update(salt, 'utf8').digest()
}

function signature(secret: SecretKey, salt: string, value: string): Buffer {
  return createHmac('sha1', deriveKey(secret, salt)).update(value, 'utf8').digest()
}

/**
 * Decodes unpadded base64url, refusing anything that is not the canonical encoding of its bytes.
 * itsdangerous itself is laxer (Python's decoder ignores stray characters and the unused low bits
 * of the last character), so this is stricter than Flask, never laxer.
 */
function decodeBytes(text: string): Buffer | null {
  const bytes = decodeBase64Url(text)
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** itsdangerous' `int_to_bytes`: big-endian with leading zero bytes stripped. */
function timestampToBase64(seconds: number): string {
  let hex = seconds.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  return Buffer.from(hex === '00' ? '' : hex, 'hex').toString('base64url')
}

/** `URLSafeSerializerMixin.dump_payload`: compress when at least 2 bytes shorter, base64url, `.` mark. */
export function dumpPayload(json: string): string {
  const raw = Buffer.from(json, 'utf8')
  const compressed = deflateLikeZlib(raw)
  if (compressed.length < raw.length - 1) return `.${compressed.toString('base64url')}`
  return raw.toString('base64url')
}

/** `URLSafeSerializerMixin.load_payload` up to the JSON text. Throws `BadSignatureError`. */
export function loadPayload(payload: string): string {
  const compressed = payload.startsWith('.')
  const bytes = decodeBytes(compressed ? payload.slice(1) : payload)
  if (bytes === null) throw new BadSignatureError('session-testkit: the flask session payload is not base64url. Check that the cookie was not altered.', { payload })
  if (!compressed) return bytes.toString('utf8')
  try {
    return inflateSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8')
  } catch (error) {
    throw new BadSignatureError('session-testkit: the flask session payload does not decompress. Check that the cookie was not altered.', { payload, cause: error })
  }
}

/** `TimestampSigner.sign` with the first key of `keys`. */
export function signTimed(payload: string, secret: SecretKey, salt: string, nowMs: number): string {
  const value = `${payload}.${timestampToBase64(Math.floor(nowMs / 1000))}`
  return `${value}.${signature(secret, salt, value).toString('base64url')}`
}

/**
 * `TimestampSigner.unsign(value, max_age)` over a key list: verifies with each key in order, then
 * checks the age as itsdangerous does (`age > max_age` or `age < 0` is expired).
 */
export function unsignTimed(signed: string, keys: readonly SecretKey[], salt: string, maxAgeSeconds: number, nowMs: number): UnsignedValue {
  const sigAt = signed.lastIndexOf('.')
  const value = sigAt === -1 ? '' : signed.slice(0, sigAt)
  const tsAt = value.lastIndexOf('.')
  if (sigAt === -1 || tsAt === -1) {
    throw new BadSignatureError('session-testkit: the flask session cookie has no signature. Write it with the same format (itsdangerous timed serializer).')
  }
  const payload = value.slice(0, tsAt)
  const given = decodeBytes(signed.slice(sigAt + 1))
  let keyIndex = -1
  if (given !== null && given.length === 20) {
    keyIndex = keys.findIndex((key) => timingSafeEqual(signature(key, salt, value), given))
  }
  if (keyIndex === -1) {
    throw new BadSignatureError(
      `session-testkit: the flask session signature does not match any of ${keys.length} key(s). Check secretKey, secretKeyFallbacks and salt, or the cookie was altered.`,
      { payload },
    )
  }
  const tsBytes = decodeBytes(value.slice(tsAt + 1))
  if (tsBytes === null || tsBytes.length > 8) {
    throw new BadSignatureError('session-testkit: the flask session timestamp is malformed. Check that the cookie was not altered.', { payload })
  }
  const timestamp = Number(tsBytes.length === 0 ? 0n : BigInt(`0x${tsBytes.toString('hex')}`))
  const age = Math.floor(nowMs / 1000) - timestamp
  if (age > maxAgeSeconds || age < 0) {
    throw new SessionExpiredError(
      `session-testkit: the flask session was signed ${age} s ago, outside 0..${maxAgeSeconds} s (PERMANENT_SESSION_LIFETIME). Write a fresh session or raise permanentSessionLifetime.`,
      { payload, signedAt: new Date(timestamp * 1000) },
    )
  }
  return { payload, timestamp, keyIndex }
}

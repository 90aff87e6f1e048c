import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { BadSignatureError, ConfigError } from '../errors.js'

/**
 * A secret: a string (its UTF-8 bytes are used) or raw bytes.
 *
 * @example
 * ```ts
 * const key: SigningKey = crypto.randomBytes(32)
 * ```
 */
export type SigningKey = string | Uint8Array

/**
 * HMAC hash functions. `sha256` is the default; `sha1` exists for itsdangerous/Flask.
 *
 * @example
 * ```ts
 * createSigner({ secretKey, algorithm: 'sha1', salt: 'cookie-session', keyDerivation: 'hmac' }) // Flask's
 * ```
 */
export type SigningAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512'

/**
 * How the HMAC key is derived from a secret and the salt, with itsdangerous' names:
 * `none` (the secret itself), `concat` (hash(salt + secret)), `django-concat`
 * (hash(salt + 'signer' + secret)), `hmac` (HMAC(secret, salt)).
 *
 * @example
 * ```ts
 * createSigner({ secretKey, salt: 'itsdangerous.Signer', keyDerivation: 'django-concat', algorithm: 'sha1' })
 * ```
 */
export type KeyDerivation = 'none' | 'concat' | 'django-concat' | 'hmac'

/**
 * Options of {@link createSigner}.
 *
 * @example
 * ```ts
 * const options: SignerOptions = { secretKey, fallbackKeys: [oldKey], salt: 'session' }
 * ```
 */
export interface SignerOptions {
  /** The only key that signs (index 0). */
  secretKey: SigningKey
  /** Older keys that still verify, newest first (indexes 1..), never used to sign (K2). */
  fallbackKeys?: readonly SigningKey[]
  /** Default `sha256`. */
  algorithm?: SigningAlgorithm
  /** Separates signatures of different purposes (T4). */
  salt?: SigningKey
  /** Default `hmac` when a salt is given, otherwise `none`. */
  keyDerivation?: KeyDerivation
  /** Between value and signature; default `.`. Must not be a base64url character. */
  separator?: string
}

/**
 * The result of a successful {@link Signer.unsign}.
 *
 * @example
 * ```ts
 * const { value, keyIndex }: Unsigned = signer.unsign(cookie)
 * ```
 */
export interface Unsigned {
  value: string
  /** 0 when the current key verified, 1.. for the fallback that did (K1, K3). */
  keyIndex: number
}

/**
 * Signs strings with the current key and verifies them against every key.
 *
 * @example
 * ```ts
 * const signer: Signer = createSigner({ secretKey })
 * ```
 */
export interface Signer {
  readonly separator: string
  /** Number of keys (current + fallbacks). */
  readonly keyCount: number
  /** `value + separator + signature`, always with the current key. */
  sign(value: string): string
  /** The base64url signature of `value` under key `keyIndex` (default 0). */
  signature(value: string, keyIndex?: number): string
  /** The index of the key that produced `signature` for `value`, or -1. Constant-time per key. */
  verify(value: string, signature: string): number
  /** Splits at the last separator and verifies; throws {@link BadSignatureError}. */
  unsign(signed: string): Unsigned
}

const BASE64URL_CHARS = /[A-Za-z0-9_=-]/

function toBytes(key: SigningKey): Buffer {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key)
}

function deriveKey(secret: Buffer, salt: Buffer, derivation: KeyDerivation, algorithm: SigningAlgorithm): Buffer {
  switch (derivation) {
    case 'none':
      return secret
    case 'concat':
      return createHash(algorithm).update(salt).update(secret).digest()
    case 'django-concat':
      return createHash(algorithm).update(salt).update('signer').update(secret).digest()
    case 'hmac':
      return createHmac(algorithm, secret).update(salt).digest()
  }
}

/**
 * Creates an HMAC signer over an ordered key list with an explicit signing key (itsdangerous'
 * `Signer`, with the list ordered current-first). Signatures are unpadded base64url and compared
 * with `crypto.timingSafeEqual` as encoded strings, so a non-canonical encoding never verifies.
 *
 * @example
 * ```ts
 * const signer = createSigner({ secretKey: process.env.SECRET_KEY!, fallbackKeys: [oldKey] })
 * const signed = signer.sign('user-42')
 * signer.unsign(signed) // { value: 'user-42', keyIndex: 0 }
 * ```
 */
export function createSigner(options: SignerOptions): Signer {
  const separator = options.separator ?? '.'
  if (separator.length === 0 || [...separator].some((c) => BASE64URL_CHARS.test(c))) {
    throw new ConfigError(
      `separator ${JSON.stringify(separator)} can occur inside a base64url signature. Use a character such as '.', ':' or '|'.`,
    )
  }
  const algorithm = options.algorithm ?? 'sha256'
  const salt = options.salt === undefined ? Buffer.alloc(0) : toBytes(options.salt)
  const derivation = options.keyDerivation ?? (options.salt === undefined ? 'none' : 'hmac')
  const secrets = [options.secretKey, ...(options.fallbackKeys ?? [])].map(toBytes)
  const keys = secrets.map((secret) => deriveKey(secret, salt, derivation, algorithm))

  const signature = (value: string, keyIndex = 0): string => {
    const key = keys[keyIndex]
    if (key === undefined) throw new RangeError(`session-testkit: no key at index ${keyIndex}.`)
    return createHmac(algorithm, key).update(value, 'utf8').digest('base64url')
  }

  const verify = (value: string, candidate: string): number => {
    const given = Buffer.from(candidate, 'utf8')
    for (let index = 0; index < keys.length; index++) {
      const expected = Buffer.from(signature(value, index), 'utf8')
      if (expected.length === given.length && timingSafeEqual(expected, given)) return index
    }
    return -1
  }

  return {
    separator,
    keyCount: keys.length,
    sign: (value) => `${value}${separator}${signature(value)}`,
    signature,
    verify,
    unsign(signed) {
      const at = signed.lastIndexOf(separator)
      if (at < 0) throw new BadSignatureError(`no ${JSON.stringify(separator)} separator in the signed value. Sign it with the same signer.`)
      const value = signed.slice(0, at)
      const keyIndex = verify(value, signed.slice(at + separator.length))
      if (keyIndex < 0) {
        throw new BadSignatureError('signature does not match any key. Check the secret key and its fallbacks.', { payload: value })
      }
      return { value, keyIndex }
    },
  }
}

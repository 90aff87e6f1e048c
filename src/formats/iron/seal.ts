/**
 * The iron seal (`Fe26.2`) as iron-webcrypto 1.x writes it with iron's defaults, which iron-session
 * 8 uses: AES-256-CBC encryption and an HMAC-SHA256 integrity tag, each keyed by PBKDF2-SHA1
 * (1 iteration, 32 bytes) of the password and a random 256-bit salt written as 64 hex digits:
 *
 * `Fe26.2*<password id>*<enc salt>*<iv>*<ciphertext>*<expiration ms>*<hmac salt>*<hmac>`
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import { BadSignatureError } from '../../errors.js'

/** Source of randomness, in iron's order: encryption salt (32 bytes), IV (16), HMAC salt (32). */
export type RandomBytes = (size: number) => Uint8Array

const PREFIX = 'Fe26.2'
// iron's timestampSkewSec: a seal stays valid 60 s past its expiration.
const SKEW_MS = 60_000

function deriveKey(password: string, salt: string): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), 1, 32, 'sha1')
}

function hmacDigest(password: string, salt: string, text: string): string {
  return createHmac('sha256', deriveKey(password, salt)).update(text, 'utf8').digest('base64url')
}

/**
 * Seals `text` (iron's `seal` after its `JSON.stringify`). `ttlMs` 0 writes no expiration.
 *
 * @example
 * ```ts
 * const sealed = sealIron(JSON.stringify({ user_id: 42 }), { id: '2', secret }, 14 * 86_400_000, Date.now())
 * ```
 */
export function sealIron(text: string, password: { id: string; secret: string }, ttlMs: number, nowMs: number, random: RandomBytes = randomBytes): string {
  const encSalt = Buffer.from(random(32)).toString('hex')
  const iv = Buffer.from(random(16))
  const cipher = createCipheriv('aes-256-cbc', deriveKey(password.secret, encSalt), iv)
  const encrypted = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  const expiration = ttlMs ? String(nowMs + ttlMs) : ''
  const macBase = `${PREFIX}*${password.id}*${encSalt}*${iv.toString('base64url')}*${encrypted.toString('base64url')}*${expiration}`
  const hmacSalt = Buffer.from(random(32)).toString('hex')
  return `${macBase}*${hmacSalt}*${hmacDigest(password.secret, hmacSalt, macBase)}`
}

/** What {@link unsealIron} opened. */
export interface UnsealedIron {
  text: string
  passwordId: string
  /** Expiration in ms since the epoch, or `undefined` for a seal without one. */
  expiration: number | undefined
}

function bad(what: string, fix: string): BadSignatureError {
  return new BadSignatureError(`session-testkit: the iron-session seal ${what}. ${fix}.`)
}

/**
 * Verifies and decrypts a seal as iron's `unseal` does (same checks, same order), throwing
 * `BadSignatureError` instead of iron's plain errors.
 *
 * @example
 * ```ts
 * const { text } = unsealIron(sealed, new Map([['2', secret]]), Date.now())
 * ```
 */
export function unsealIron(sealed: string, passwords: ReadonlyMap<string, string>, nowMs: number): UnsealedIron {
  const parts = sealed.split('*')
  if (parts.length !== 8) throw bad('does not have 8 parts', 'Check that the cookie was written by iron-session')
  const [prefix = '', id = '', encSalt = '', ivB64 = '', encryptedB64 = '', expiration = '', hmacSalt = '', hmac = ''] = parts
  if (prefix !== PREFIX) throw bad(`prefix is not ${PREFIX}`, 'Check that the cookie was written by iron-session 8')
  let expiresMs: number | undefined
  if (expiration !== '') {
    if (!/^\d+$/.test(expiration)) throw bad('expiration is not a number', 'Check that the cookie was not altered')
    expiresMs = Number.parseInt(expiration, 10)
    if (expiresMs <= nowMs - SKEW_MS) throw bad(`expired at ${new Date(expiresMs).toISOString()}`, 'Write a fresh session or raise ttl')
  }
  const passwordId = id === '' ? 'default' : id
  const secret = passwords.get(passwordId)
  if (secret === undefined) throw bad(`names password id ${passwordId}, which is not configured`, 'Add that id to the password map, or write a fresh session')
  const macBase = parts.slice(0, 6).join('*')
  const expected = Buffer.from(hmacDigest(secret, hmacSalt, macBase))
  const given = Buffer.from(hmac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw bad('HMAC does not match', 'Check the password map, or the cookie was altered')
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', deriveKey(secret, encSalt), Buffer.from(ivB64, 'base64url'))
    const text = Buffer.concat([decipher.update(Buffer.from(encryptedB64, 'base64url')), decipher.final()]).toString('utf8')
    return { text, passwordId, expiration: expiresMs }
  } catch (error) {
    throw new BadSignatureError('session-testkit: the iron-session seal does not decrypt. Check that the cookie was written by iron-session.', { cause: error })
  }
}

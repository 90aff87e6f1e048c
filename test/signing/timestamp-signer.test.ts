import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BadSignatureError, SessionExpiredError } from '../../src/errors.js'
import { encodeBase64Url } from '../../src/signing/base64url.js'
import { createSigner } from '../../src/signing/signer.js'
import { createTimestampSigner } from '../../src/signing/timestamp-signer.js'
import { python } from './python.js'

const secretKey = 'current-key-0123456789abcdef0123456789'
const t0 = new Date('2026-01-01T00:00:00Z')

describe('createTimestampSigner(options)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(t0)
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const timed = createTimestampSigner({ secretKey })

  it('returns the value, key index and signing time', () => {
    expect(timed.unsign(timed.sign('v'))).toEqual({ value: 'v', keyIndex: 0, signedAt: t0 })
  })

  it('T5: accepts a signature exactly maxAgeSeconds old and rejects one a second older', () => {
    const signed = timed.sign('v')
    vi.setSystemTime(t0.getTime() + 60_000)
    expect(timed.unsign(signed, { maxAgeSeconds: 60 }).value).toBe('v')
    vi.setSystemTime(t0.getTime() + 61_000)
    expect(() => timed.unsign(signed, { maxAgeSeconds: 60 })).toThrow(SessionExpiredError)
  })

  it('T5: reports when an expired value was signed', () => {
    const signed = timed.sign('v')
    vi.setSystemTime(t0.getTime() + 3_600_000)
    expect(() => timed.unsign(signed, { maxAgeSeconds: 60 })).toThrow(expect.objectContaining({ name: 'SessionExpiredError', signedAt: t0 }) as unknown as Error)
  })

  it('T5: rejects a timestamp in the future', () => {
    const signed = timed.sign('v', new Date(t0.getTime() + 120_000))
    expect(() => timed.unsign(signed)).toThrow(SessionExpiredError)
    expect(timed.unsign(signed, { maxFutureSeconds: 300 }).value).toBe('v')
  })

  it.each([
    ['missing', 'v'],
    ['not base64url', 'v.*'],
    ['empty', 'v.'],
    ['longer than 7 bytes', `v.${encodeBase64Url(new Uint8Array(9).fill(1))}`],
  ])('T5: rejects a validly signed but %s timestamp with BadSignatureError', (_name, stamped) => {
    const forged = createSigner({ secretKey }).sign(stamped)
    expect(() => timed.unsign(forged)).toThrow(BadSignatureError)
    expect(() => timed.unsign(forged)).not.toThrow(SessionExpiredError)
  })

  it('L9: a changed timestamp breaks the signature', () => {
    const [value, , signature] = timed.sign('v').split('.')
    const later = encodeBase64Url(Buffer.from((Math.floor(t0.getTime() / 1000) + 3600).toString(16), 'hex'))
    expect(() => timed.unsign(`${value}.${later}.${signature}`)).toThrow(BadSignatureError)
  })

  it('uses the byte layout of itsdangerous TimestampSigner', () => {
    vi.useRealTimers()
    const theirs = python(
      `import itsdangerous\nprint(itsdangerous.TimestampSigner(${JSON.stringify(secretKey)}, salt='s', key_derivation='hmac').sign('payload').decode())`,
    )
    const reader = createTimestampSigner({ secretKey, salt: 's', keyDerivation: 'hmac', algorithm: 'sha1' })
    expect(reader.unsign(theirs, { maxAgeSeconds: 60 }).value).toBe('payload')
    const ours = reader.sign('payload')
    expect(
      python(
        `import sys, itsdangerous\nprint(itsdangerous.TimestampSigner(${JSON.stringify(secretKey)}, salt='s', key_derivation='hmac').unsign(sys.stdin.read(), max_age=60).decode())`,
        ours,
      ),
    ).toBe('payload')
  })
})

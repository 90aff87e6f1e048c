import { describe, expect, it } from 'vitest'
import { BadSignatureError, ConfigError } from '../../src/errors.js'
import { createSigner } from '../../src/signing/signer.js'
import { python } from './python.js'

const verifies = (signer: ReturnType<typeof createSigner>, value: string): boolean => {
  try {
    signer.unsign(value)
    return true
  } catch {
    return false
  }
}

const current = 'current-key-0123456789abcdef0123456789'
const previous = 'previous-key-0123456789abcdef012345678'
const retired = 'retired-key-0123456789abcdef0123456789'

describe('createSigner(options)', () => {
  it('round-trips a value signed with the current key (keyIndex 0)', () => {
    const signer = createSigner({ secretKey: current })
    expect(signer.unsign(signer.sign('user-42'))).toEqual({ value: 'user-42', keyIndex: 0 })
  })

  it('splits at the last separator, so the value may contain it', () => {
    const signer = createSigner({ secretKey: current })
    expect(signer.unsign(signer.sign('a.b.c')).value).toBe('a.b.c')
  })

  describe('when keys rotate', () => {
    const old = createSigner({ secretKey: previous })
    const rotated = createSigner({ secretKey: current, fallbackKeys: [previous] })

    it('K1: verifies a value signed with a fallback key and reports its index', () => {
      expect(rotated.unsign(old.sign('v'))).toEqual({ value: 'v', keyIndex: 1 })
    })

    it('K2: signs only with the current key', () => {
      const signed = rotated.sign('v')
      expect(createSigner({ secretKey: current }).unsign(signed).keyIndex).toBe(0)
      expect(() => old.unsign(signed)).toThrow(BadSignatureError)
    })

    it('K4/K5: rejects a retired or unknown key', () => {
      const stale = createSigner({ secretKey: retired }).sign('v')
      expect(() => rotated.unsign(stale)).toThrow(BadSignatureError)
    })
  })

  describe('when the signed value is tampered or malformed', () => {
    const signer = createSigner({ secretKey: current })
    const signed = signer.sign('{"user_id":1}')

    it('T1: rejects every single-character change, including non-canonical base64 endings', () => {
      const changes = [...signed].flatMap((_, i) =>
        ['A', 'B', 'Q', 'g', 'w', '-', '_', '.'].map((c) => signed.slice(0, i) + c + signed.slice(i + 1)).filter((changed) => changed !== signed),
      )
      expect(changes.length).toBeGreaterThan(400)
      expect(changes.filter((changed) => verifies(signer, changed))).toEqual([])
    })

    it.each([
      ['unsigned', '{"user_id":1}'],
      ['empty signature', '{"user_id":1}.'],
      ['only a separator', '.'],
      ['empty', ''],
      ['padded signature', `${signed}=`],
      ['8 KB', 'x'.repeat(8192)],
    ])('T2: rejects %s values with BadSignatureError', (_name, value) => {
      expect(() => signer.unsign(value)).toThrow(BadSignatureError)
    })

    it('keeps the unverified payload on the error for diagnostics', () => {
      const error = (() => {
        try {
          signer.unsign(`${signed.slice(0, -1)}x`)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(BadSignatureError)
      expect((error as BadSignatureError).payload).toBe('{"user_id":1}')
      expect((error as Error).message).not.toContain(current)
    })
  })

  it('T4: separates purposes by salt', () => {
    const a = createSigner({ secretKey: current, salt: 'purpose-a' })
    const b = createSigner({ secretKey: current, salt: 'purpose-b' })
    expect(() => b.unsign(a.sign('v'))).toThrow(BadSignatureError)
  })

  it('refuses a separator that can occur in a signature', () => {
    expect(() => createSigner({ secretKey: current, separator: '-' })).toThrow(ConfigError)
    expect(() => createSigner({ secretKey: current, separator: '-' })).toThrow(/Use a character such as/)
  })

  describe('compared with itsdangerous', () => {
    it.each([
      ['django-concat', 'sha1'],
      ['hmac', 'sha1'],
      ['concat', 'sha256'],
      ['none', 'sha256'],
    ] as const)('produces the same bytes with key derivation %s and %s', (keyDerivation, algorithm) => {
      const ours = createSigner({ secretKey: current, salt: 'cookie-session', keyDerivation, algorithm }).sign('payload')
      const theirs = python(
        `import hashlib, itsdangerous\nprint(itsdangerous.Signer(${JSON.stringify(current)}, salt='cookie-session', key_derivation='${keyDerivation}', digest_method=hashlib.${algorithm}).sign('payload').decode())`,
      )
      expect(ours).toBe(theirs)
    })
  })
})

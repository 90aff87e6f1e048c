import { describe, expect, it } from 'vitest'
import { checkCookiePolicy, type CookiePolicy } from '../../src/cookies/index.js'
import { ConfigError } from '../../src/errors.js'

const now = new Date('2026-01-01T00:00:00Z')
const GOOD = 'sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax'
const ids = (header: string | string[], policy: CookiePolicy = {}): string[] => checkCookiePolicy(header, { now, ...policy }).map((v) => v.id)

describe('checkCookiePolicy(header, policy?)', () => {
  it('passes a hardened session cookie', () => {
    expect(checkCookiePolicy(GOOD, { now })).toEqual([])
  })

  it('returns { id, message } violations ordered by rule ID, naming the cookie', () => {
    const violations = checkCookiePolicy('sid=abc', { now })
    expect(violations.map((v) => v.id)).toEqual(['A1', 'A2', 'A3', 'A6'])
    expect(violations[0]).toEqual({ id: 'A1', message: expect.stringContaining('cookie "sid" has no Secure attribute') })
  })

  it('throws ConfigError on a policy that cannot work', () => {
    expect(() => checkCookiePolicy(GOOD, { maxLifetimeSeconds: -1 })).toThrow(ConfigError)
    expect(() => checkCookiePolicy(GOOD, { sameSite: [] })).toThrow(/accepts no SameSite value/)
  })

  it('checks every header of a list', () => {
    expect(ids([GOOD, 'other=1; Path=/; Secure; SameSite=Strict'])).toEqual(['A2'])
  })

  describe('when the header deletes the cookie (judged by L5 only)', () => {
    it.each(['sid=; Max-Age=0', 'sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'])('skips %s', (header) => {
      expect(ids(header)).toEqual([])
    })
  })

  describe('A1 Secure', () => {
    it('A1: fails without Secure', () => {
      expect(ids('sid=abc; Path=/; HttpOnly; SameSite=Lax')).toEqual(['A1'])
    })
    it('A1: secure: false relaxes it', () => {
      expect(ids('sid=abc; Path=/; HttpOnly; SameSite=Lax', { secure: false })).toEqual([])
    })
  })

  describe('A2 HttpOnly', () => {
    it('A2: fails without HttpOnly', () => {
      expect(ids('sid=abc; Path=/; Secure; SameSite=Lax')).toEqual(['A2'])
    })
    it('A2: httpOnly: false relaxes it', () => {
      expect(ids('sid=abc; Path=/; Secure; SameSite=Lax', { httpOnly: false })).toEqual([])
    })
  })

  describe('A3 SameSite', () => {
    it('A3: accepts Lax and Strict in any case', () => {
      expect(ids('sid=abc; Path=/; Secure; HttpOnly; samesite=STRICT')).toEqual([])
    })
    it.each([
      ['missing', 'sid=abc; Path=/; Secure; HttpOnly'],
      ['unknown value', 'sid=abc; Path=/; Secure; HttpOnly; SameSite=Loose'],
      ['None by default', 'sid=abc; Path=/; Secure; HttpOnly; SameSite=None'],
    ])('A3: fails when %s', (_, header) => {
      expect(ids(header)).toEqual(['A3'])
    })
    it('A3: sameSite: ["Strict"] rejects Lax', () => {
      expect(ids(GOOD, { sameSite: ['Strict'] })).toEqual(['A3'])
    })
    it('A3: allowSameSiteNone accepts None with Secure', () => {
      expect(ids('sid=abc; Path=/; Secure; HttpOnly; SameSite=None', { allowSameSiteNone: true })).toEqual([])
    })
    it('A3: None without Secure fails even when allowed', () => {
      const v = checkCookiePolicy('sid=abc; Path=/; HttpOnly; SameSite=None', { now, allowSameSiteNone: true, secure: false })
      expect(v).toEqual([{ id: 'A3', message: expect.stringContaining('SameSite=None without Secure') }])
    })
  })

  describe('A4 prefixes', () => {
    it('A4: accepts a correct __Host- cookie', () => {
      expect(ids('__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax')).toEqual([])
    })
    it('A4: __Host- needs Secure, Path=/ and no Domain, matched case-insensitively', () => {
      const v = checkCookiePolicy('__HOST-sid=abc; Path=/app; Domain=app.test; HttpOnly; SameSite=Lax', { now, secure: false, allowDomain: 'app.test', path: '/app' })
      expect(v).toEqual([{ id: 'A4', message: expect.stringContaining('lacks Secure, Path=/, no Domain') }])
    })
    it('A4: __secure- needs Secure (case-insensitive)', () => {
      expect(ids('__secure-sid=abc; Path=/; HttpOnly; SameSite=Lax', { secure: false })).toEqual(['A4'])
    })
    it('A4: requirePrefix "__Host-" fails an unprefixed name and a wrongly cased one', () => {
      expect(ids(GOOD, { requirePrefix: '__Host-' })).toEqual(['A4'])
      expect(ids('__host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax', { requirePrefix: '__Host-' })).toEqual(['A4'])
    })
    it('A4: requirePrefix "__Secure-" is satisfied by __Host-', () => {
      expect(ids('__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax', { requirePrefix: '__Secure-' })).toEqual([])
    })
  })

  describe('A5 Domain', () => {
    it('A5: fails when Domain is set', () => {
      expect(ids(`${GOOD}; Domain=example.com`)).toEqual(['A5'])
    })
    it('A5: allowDomain accepts that domain, ignoring a leading dot and case', () => {
      expect(ids(`${GOOD}; Domain=.Example.com`, { allowDomain: ['example.com'] })).toEqual([])
    })
  })

  describe('A6 Path', () => {
    it('A6: fails without Path', () => {
      expect(ids('sid=abc; Secure; HttpOnly; SameSite=Lax')).toEqual(['A6'])
    })
    it('A6: fails on another path unless the policy names it', () => {
      expect(ids('sid=abc; Path=/app; Secure; HttpOnly; SameSite=Lax')).toEqual(['A6'])
      expect(ids('sid=abc; Path=/app; Secure; HttpOnly; SameSite=Lax', { path: '/app' })).toEqual([])
    })
  })

  describe('A7 grammar', () => {
    it.each([
      ['a name that is not a token', 's id=abc'],
      ['no name', 'abc'],
      ['a value with a space', 'sid=a b'],
      ['a value with a comma', 'sid=a,b'],
      ['an Expires that is not an IMF-fixdate', 'sid=abc; Expires=2026-02-01'],
      ['an Expires with a wrong day name', 'sid=abc; Expires=Mon, 01 Feb 2026 00:00:00 GMT'],
      ['a Max-Age with a sign', 'sid=abc; Max-Age=+60'],
      ['a Max-Age with a leading zero', 'sid=abc; Max-Age=060'],
      ['a duplicate attribute', 'sid=abc; Path=/; path=/'],
      ['an unknown attribute', 'sid=abc; Same-Site=Lax'],
      ['a flag with a value', 'sid=abc; HttpOnly=false'],
      ['a control character', 'sid=abc\u0001'],
    ])('A7: fails on %s', (_, header) => {
      expect(ids(header, { secure: false, httpOnly: false, sameSite: ['Lax', 'Strict', 'None'], path: '/' })).toContain('A7')
    })
    it('A7: accepts a quoted value and a valid IMF-fixdate', () => {
      expect(ids('sid="abc"; Path=/; Secure; HttpOnly; SameSite=Lax; Expires=Sat, 31 Jan 2026 00:00:00 GMT; Max-Age=2592000')).toEqual([])
    })
  })

  describe('A8 size', () => {
    it('A8: accepts name + value of exactly 4096 bytes', () => {
      expect(ids(`sid=${'a'.repeat(4093)}; Path=/; Secure; HttpOnly; SameSite=Lax`)).toEqual([])
    })
    it('A8: fails at 4097 bytes', () => {
      expect(ids(`sid=${'a'.repeat(4094)}; Path=/; Secure; HttpOnly; SameSite=Lax`)).toEqual(['A8'])
    })
    it('A8: fails on an attribute value over 1024 bytes', () => {
      expect(ids(`sid=abc; Path=/${'p'.repeat(1024)}; Secure; HttpOnly; SameSite=Lax`, { path: `/${'p'.repeat(1024)}` })).toEqual(['A8'])
    })
  })

  describe('A9 lifetime', () => {
    it('A9: accepts 30 days and fails 30 days + 1 second by default', () => {
      expect(ids(`${GOOD}; Max-Age=2592000`)).toEqual([])
      expect(ids(`${GOOD}; Max-Age=2592001`)).toEqual(['A9'])
    })
    it('A9: judges Expires relative to now', () => {
      expect(ids(`${GOOD}; Expires=Sat, 31 Jan 2026 00:00:00 GMT`)).toEqual([])
      expect(ids(`${GOOD}; Expires=Sun, 01 Feb 2026 00:00:01 GMT`)).toEqual(['A9'])
    })
    it('A9: maxLifetimeSeconds tightens it', () => {
      expect(ids(`${GOOD}; Max-Age=7200`, { maxLifetimeSeconds: 3600 })).toEqual(['A9'])
    })
    it('A9: over 400 days always fails, whatever the policy', () => {
      const v = checkCookiePolicy(`${GOOD}; Max-Age=${400 * 86_400 + 1}`, { now, maxLifetimeSeconds: 10 ** 9 })
      expect(v).toEqual([{ id: 'A9', message: expect.stringContaining('400-day cap') }])
    })
    it('A9: fails when Max-Age and Expires disagree', () => {
      expect(ids(`${GOOD}; Max-Age=60; Expires=Fri, 02 Jan 2026 00:00:00 GMT`)).toEqual(['A9'])
    })
    it('A9: accepts a browser-session cookie', () => {
      expect(ids(GOOD, { maxLifetimeSeconds: 1 })).toEqual([])
    })
  })

  describe('A10 Partitioned', () => {
    it('A10: fails when Partitioned lacks Secure', () => {
      expect(ids('sid=abc; Path=/; HttpOnly; SameSite=Lax; Partitioned', { secure: false })).toEqual(['A10'])
    })
    it('A10: accepts Partitioned with Secure', () => {
      expect(ids(`${GOOD}; Partitioned`)).toEqual([])
    })
  })
})

import request from 'supertest'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cookieSessionApp, expressSessionApp } from './peer-apps.js'
import { brokenVariants } from '../support/broken-variants.js'
import { loginResponse } from './reference-clients.js'

const NOW = new Date('2026-01-01T00:00:00Z')
const HOUR = 3_600_000

describe('toSetCookieExpiringIn(name, ms, { toleranceMs })', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('with raw Set-Cookie headers', () => {
    it('A9: passes on Max-Age within the tolerance', () => {
      expect('sid=abc; Max-Age=3600').toSetCookieExpiringIn('sid', HOUR)
      expect('sid=abc; Max-Age=3601').toSetCookieExpiringIn('sid', HOUR, { toleranceMs: 1000 })
      expect('sid=abc; Max-Age=3602').not.toSetCookieExpiringIn('sid', HOUR, { toleranceMs: 1000 })
    })

    it('A9: reads Expires against the (fake) clock', () => {
      expect('sid=abc; Expires=Thu, 01 Jan 2026 01:00:00 GMT').toSetCookieExpiringIn('sid', HOUR, { toleranceMs: 0 })
      vi.setSystemTime(new Date(NOW.getTime() + 30 * 60_000))
      expect('sid=abc; Expires=Thu, 01 Jan 2026 01:00:00 GMT').toSetCookieExpiringIn('sid', HOUR / 2, { toleranceMs: 0 })
    })

    it('A9: gives Max-Age precedence over Expires', () => {
      expect('sid=abc; Expires=Fri, 02 Jan 2026 00:00:00 GMT; Max-Age=60').toSetCookieExpiringIn('sid', 60_000)
    })

    it('A9: fails on a browser-session cookie', () => {
      expect(() => expect('sid=abc; Path=/').toSetCookieExpiringIn('sid', HOUR)).toThrow(/browser-session cookie .* \(A9\)/)
    })

    it('throws TypeError on non-finite ms or a negative tolerance', () => {
      expect(() => expect('sid=abc').toSetCookieExpiringIn('sid', Number.NaN)).toThrow(TypeError)
      expect(() => expect('sid=abc').toSetCookieExpiringIn('sid', 1, { toleranceMs: -1 })).toThrow(TypeError)
    })
  })

  describe('failure messages', () => {
    it('shows expected versus received lifetime and the rule', () => {
      expect(() => expect('sid=s%3Asecretvalue; Max-Age=86400').toSetCookieExpiringIn('sid', 7 * 86_400_000, { toleranceMs: 5000 })).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toSetCookieExpiringIn("sid", 604800000, { toleranceMs: 5000 })

        cookie "sid" expires in 86400000 ms (1 d) via Max-Age; expected 604800000 ms (7 d) ± 5000 ms (A9).

        Set-Cookie: sid=s%3Ase…; Max-Age=86400]
      `)
    })

    it('has a distinct .not message', () => {
      expect(() => expect('sid=s%3Asecretvalue; Max-Age=3600').not.toSetCookieExpiringIn('sid', HOUR)).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).not.toSetCookieExpiringIn("sid", 3600000, { toleranceMs: 2000 })

        cookie "sid" expires in 3600000 ms (1 h) via Max-Age, within 2000 ms of 3600000 ms (1 h); expected another lifetime (A9).

        Set-Cookie: sid=s%3Ase…; Max-Age=3600]
      `)
    })
  })

  describe('against express-session', () => {
    it('A9: the hardened cookie (maxAge 7 days) expires in 7 days via Expires', async () => {
      const { app } = expressSessionApp('hardened')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetCookieExpiringIn('__Host-sid', 7 * 86_400_000, { toleranceMs: 1000 })
    })
  })

  describe('against cookie-session', () => {
    it('A9: the hardened cookie (maxAge 1 hour) expires in an hour', async () => {
      const { app } = cookieSessionApp('hardened')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetCookieExpiringIn('session', HOUR, { toleranceMs: 1000 })
    })
  })

  describe('against the reference app and its broken variants', () => {
    it('A9: the permanent baseline expires in 7 days; the broken variant in 401 days fails', async () => {
      expect(await loginResponse(brokenVariants.A9.createBaseline())).toSetCookieExpiringIn('session', 7 * 86_400_000, { toleranceMs: 1000 })
      const res = await loginResponse(brokenVariants.A9.createApp())
      expect(() => expect(res).toSetCookieExpiringIn('session', 7 * 86_400_000, { toleranceMs: 1000 })).toThrow(/expires in 34646400000 ms \(401 d\) via Max-Age; expected 604800000 ms \(7 d\) ± 1000 ms \(A9\)/)
    })
  })
})

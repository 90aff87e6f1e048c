import type { Express } from 'express'
import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cookieSessionApp, expressSessionApp, type PeerConfig } from './peer-apps.js'
import { brokenVariants } from '../support/broken-variants.js'
import { createReferenceApp } from '../support/reference-app.js'
import { logoutResponse } from './reference-clients.js'

const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT'

async function loggedOut(make: (config: PeerConfig) => { app: Express }, config: PeerConfig): Promise<request.Response> {
  const { app } = make(config)
  const login = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
  const cookie = (login.headers['set-cookie'] as unknown as string[]).map((h) => h.split(';')[0]).join('; ')
  return request(app).post('/logout').set('X-Forwarded-Proto', 'https').set('Cookie', cookie)
}

describe('toClearCookie(name, { path, domain }?)', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('with raw Set-Cookie headers', () => {
    it.each([
      ['Max-Age=0', 'sid=; Path=/; Max-Age=0'],
      ['a negative Max-Age', 'sid=; Path=/; Max-Age=-1'],
      ['Expires in the past', `sid=; Path=/; Expires=${EPOCH}`],
    ])('L5: passes on %s with Path=/', (_, header) => {
      expect(header).toClearCookie('sid')
    })

    it('L5: fails when the header sets the cookie instead of deleting it', () => {
      expect(() => expect('sid=abc; Path=/; Max-Age=60').toClearCookie('sid')).toThrow(/L5 it is not a deletion header/)
    })

    it('L5: an Expires in the future is not a deletion (fake clock)', () => {
      vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') })
      expect(`sid=; Path=/; Expires=Fri, 02 Jan 2026 00:00:00 GMT`).not.toClearCookie('sid')
      vi.setSystemTime(new Date('2026-01-03T00:00:00Z'))
      expect(`sid=; Path=/; Expires=Fri, 02 Jan 2026 00:00:00 GMT`).toClearCookie('sid')
    })

    it('L5: fails when the Path differs from the one the cookie was set with', () => {
      expect(() => expect('sid=; Path=/logout; Max-Age=0').toClearCookie('sid')).toThrow(/L5 Path is \/logout, expected \//)
      expect('sid=; Path=/app; Max-Age=0').toClearCookie('sid', { path: '/app' })
    })

    it('L5: fails when the Domain differs from the one the cookie was set with', () => {
      expect(() => expect('sid=; Path=/; Max-Age=0; Domain=example.com').toClearCookie('sid')).toThrow(/L5 Domain is example.com, expected absent/)
      expect('sid=; Path=/; Max-Age=0; Domain=.Example.com').toClearCookie('sid', { domain: 'example.com' })
    })

    it('L5: a prefixed cookie needs Secure on its deletion header', () => {
      expect(() => expect('__Host-sid=; Path=/; Max-Age=0').toClearCookie('__Host-sid')).toThrow(/L5 a prefixed cookie can only be deleted by a header with Secure/)
      expect('__Host-sid=; Path=/; Max-Age=0; Secure').toClearCookie('__Host-sid')
    })

    it('L5: fails when no header names the cookie', () => {
      expect(() => expect([]).toClearCookie('sid')).toThrow(/no Set-Cookie for it \(L5\)/)
    })

    it('throws TypeError on a wrong receiver', () => {
      expect(() => expect(null).toClearCookie('sid')).toThrow(TypeError)
    })
  })

  describe('failure messages', () => {
    it('lists each L5 problem with the redacted header', () => {
      expect(() => expect('__Secure-sid=stillalive123; Path=/x; Domain=example.com').toClearCookie('__Secure-sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toClearCookie("__Secure-sid")

        cookie "__Secure-sid" is not cleared correctly (L5):
          L5 it is not a deletion header: it needs Max-Age=0 or an Expires in the past
          L5 Path is /x, expected /: another Path deletes a different cookie
          L5 Domain is example.com, expected absent (host-only): another Domain deletes a different cookie
          L5 a prefixed cookie can only be deleted by a header with Secure

        Set-Cookie: __Secure-sid=stilla…; Path=/x; Domain=example.com]
      `)
    })

    it('has a distinct .not message', () => {
      expect(() => expect(`sid=; Path=/; Expires=${EPOCH}`).not.toClearCookie('sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).not.toClearCookie("sid")

        cookie "sid" is cleared (deletion header with Path=/); expected it not to be (L5).

        Set-Cookie: sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT]
      `)
    })
  })

  describe('against express-session', () => {
    it.each(['default', 'hardened'] as const)('L5: res.clearCookie after destroy clears the %s cookie', async (config) => {
      const res = await loggedOut(expressSessionApp, config)
      expect(res).toClearCookie(expressSessionApp(config).cookieName)
    })
  })

  describe('against cookie-session', () => {
    it.each(['default', 'hardened'] as const)('L5: req.session = null clears session and session.sig (%s)', async (config) => {
      const res = await loggedOut(cookieSessionApp, config)
      expect(res).toClearCookie('session')
      expect(res).toClearCookie('session.sig')
    })
  })

  describe('against the reference app and its broken variants', () => {
    it('L5: the reference app clears the cookie on logout (cookie and memory storage)', async () => {
      expect(await logoutResponse(createReferenceApp())).toClearCookie('session')
      expect(await logoutResponse(brokenVariants.L5.createBaseline())).toClearCookie('session')
    })

    it('L5: fails on the variant that sends no deletion header', async () => {
      const res = await logoutResponse(brokenVariants.L5.createApp())
      expect(() => expect(res).toClearCookie('session')).toThrow(/cookie "session" was not cleared: the response has no Set-Cookie for it \(L5\)/)
    })
  })
})

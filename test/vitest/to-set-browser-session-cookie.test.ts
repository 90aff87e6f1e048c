import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { cookieSessionApp, expressSessionApp } from './peer-apps.js'
import { brokenVariants } from '../support/broken-variants.js'
import { createReferenceApp } from '../support/reference-app.js'
import { loginResponse } from './reference-clients.js'

describe('toSetBrowserSessionCookie(name)', () => {
  describe('with raw Set-Cookie headers', () => {
    it('A9: passes without Max-Age and Expires', () => {
      expect('sid=abc; Path=/; HttpOnly').toSetBrowserSessionCookie('sid')
    })

    it.each(['sid=abc; Max-Age=60', 'sid=abc; Expires=Fri, 01 Jan 2100 00:00:00 GMT'])('A9: fails on %s', (header) => {
      expect(() => expect(header).toSetBrowserSessionCookie('sid')).toThrow(/is persistent .* \(A9\)/)
    })

    it('fails when the cookie is not set', () => {
      expect(() => expect('other=1').toSetBrowserSessionCookie('sid')).toThrow(/cookie "sid" was not set/)
    })

    it('throws TypeError on a wrong receiver', () => {
      expect(() => expect(Symbol('x')).toSetBrowserSessionCookie('sid')).toThrow(TypeError)
    })
  })

  describe('failure messages', () => {
    it('names what makes the cookie persistent', () => {
      expect(() => expect('sid=s%3Asecretvalue; Max-Age=60; Expires=Fri, 01 Jan 2100 00:00:00 GMT').toSetBrowserSessionCookie('sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toSetBrowserSessionCookie("sid")

        cookie "sid" is persistent (Max-Age=60 and Expires=Fri, 01 Jan 2100 00:00:00 GMT); expected a browser-session cookie with neither Max-Age nor Expires (A9).

        Set-Cookie: sid=s%3Ase…; Max-Age=60; Expires=Fri, 01 Jan 2100 00:00:00 GMT]
      `)
    })

    it('has a distinct .not message', () => {
      expect(() => expect('sid=s%3Asecretvalue; Path=/').not.toSetBrowserSessionCookie('sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).not.toSetBrowserSessionCookie("sid")

        cookie "sid" is a browser-session cookie (no Max-Age, no Expires); expected a persistent one (A9).

        Set-Cookie: sid=s%3Ase…; Path=/]
      `)
    })
  })

  describe('against express-session', () => {
    it('A9: the default cookie is a browser-session cookie; the hardened one (maxAge) is not', async () => {
      const plain = expressSessionApp('default')
      expect(await request(plain.app).post('/login')).toSetBrowserSessionCookie('connect.sid')
      const hardened = expressSessionApp('hardened')
      expect(await request(hardened.app).post('/login').set('X-Forwarded-Proto', 'https')).not.toSetBrowserSessionCookie('__Host-sid')
    })
  })

  describe('against cookie-session', () => {
    it('A9: the default cookie is a browser-session cookie; the hardened one (maxAge) is not', async () => {
      expect(await request(cookieSessionApp('default').app).post('/login')).toSetBrowserSessionCookie('session')
      expect(await request(cookieSessionApp('hardened').app).post('/login').set('X-Forwarded-Proto', 'https')).not.toSetBrowserSessionCookie('session')
    })
  })

  describe('against the reference app and its broken variants', () => {
    it('A9: the reference app issues a browser-session cookie by default', async () => {
      expect(await loginResponse(createReferenceApp())).toSetBrowserSessionCookie('session')
    })

    it('A9: fails on the permanent broken variant (Max-Age of 401 days)', async () => {
      const res = await loginResponse(brokenVariants.A9.createApp())
      expect(() => expect(res).toSetBrowserSessionCookie('session')).toThrow(/is persistent \(Max-Age=34646400 and Expires=.*\); expected a browser-session cookie .*\(A9\)/)
    })
  })
})

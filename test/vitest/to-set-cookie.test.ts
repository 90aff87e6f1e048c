import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cookieSessionApp, expressSessionApp } from './peer-apps.js'
import { brokenVariants } from '../support/broken-variants.js'
import { createReferenceApp } from '../support/reference-app.js'
import { loginResponse } from './reference-clients.js'

const SID = 'sid=s%3Asecretvalue.signature; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600'

describe('toSetCookie(name, attrs?)', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('with raw Set-Cookie headers', () => {
    it('passes when the cookie is set and the attributes match partially', () => {
      expect(SID).toSetCookie('sid')
      expect(SID).toSetCookie('sid', { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 3600, persistent: true, domain: undefined })
    })

    it('accepts asymmetric matchers', () => {
      expect(SID).toSetCookie('sid', { value: expect.stringMatching(/^s%3A/), maxAge: expect.any(Number) })
    })

    it('reads SameSite case-insensitively and reports it in canonical case', () => {
      expect('a=1; samesite=STRICT').toSetCookie('a', { sameSite: 'Strict' })
    })

    it('reads Expires as a Date', () => {
      vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') })
      expect('a=1; Expires=Sun, 01 Feb 2026 00:00:00 GMT').toSetCookie('a', { expires: new Date('2026-02-01T00:00:00Z') })
    })

    it('uses the last header for a name, as a browser does', () => {
      expect(['sid=a; Path=/x', 'sid=b; Path=/']).toSetCookie('sid', { value: 'b', path: '/' })
    })

    it('does not count a deletion header as setting the cookie', () => {
      expect('sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT').not.toSetCookie('sid')
    })

    it('supports .not', () => {
      expect(SID).not.toSetCookie('other')
      expect(SID).not.toSetCookie('sid', { secure: true })
    })
  })

  describe('receivers', () => {
    it('takes a fetch Response and Headers', () => {
      const headers = new Headers()
      headers.append('Set-Cookie', SID)
      headers.append('Set-Cookie', 'other=1')
      expect(headers).toSetCookie('other')
      expect(new Response(null, { headers })).toSetCookie('sid', { httpOnly: true })
    })

    it('takes a supertest response', async () => {
      const { app } = expressSessionApp('default')
      expect(await request(app).post('/login')).toSetCookie('connect.sid', { httpOnly: true, path: '/' })
    })

    it('throws TypeError for a receiver that carries no headers', () => {
      expect(() => expect(42).toSetCookie('sid')).toThrow(TypeError)
      expect(() => expect({ status: 200 }).toSetCookie('sid')).toThrowErrorMatchingInlineSnapshot(`[TypeError: session-testkit: toSetCookie expects a supertest response, a fetch Response, Headers, or Set-Cookie string(s); received an object (status). Pass the response itself.]`)
    })

    it('throws TypeError naming await for an un-awaited request', () => {
      const { app } = expressSessionApp('default')
      expect(() => expect(request(app).get('/me')).toSetCookie('sid')).toThrowErrorMatchingInlineSnapshot(`[TypeError: session-testkit: toSetCookie expects a supertest response, a fetch Response, Headers, or Set-Cookie string(s); received a promise (an un-awaited request?). Await the request first, e.g. expect(await client.get("/")).]`)
    })

    it('throws TypeError for an unknown attribute or a missing name', () => {
      expect(() => expect(SID).toSetCookie('sid', { httponly: true } as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: session-testkit: toSetCookie does not know the attribute(s) httponly. Use value, secure, httpOnly, sameSite, path, domain, partitioned, maxAge, expires, persistent.]`)
      expect(() => expect(SID).toSetCookie(undefined as never)).toThrow(TypeError)
    })
  })

  describe('failure messages', () => {
    it('names the cookie, each differing attribute with its rule ID, and the redacted header', () => {
      expect(() => expect(SID).toSetCookie('sid', { secure: true, sameSite: 'Strict', value: 'nope' })).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toSetCookie("sid", {"sameSite": "Strict", "secure": true, "value": "nope"})

        cookie "sid" was set, but these attributes differ:
          secure: expected true, received false (A1)
          sameSite: expected "Strict", received "Lax" (A3)
          value: expected "nope", received "s%3Ase…"

        Set-Cookie: sid=s%3Ase…; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600]
      `)
    })

    it('lists the headers received when the cookie is missing', () => {
      expect(() => expect(SID).toSetCookie('session')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toSetCookie("session")

        cookie "session" was not set.

        Set-Cookie: sid=s%3Ase…; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600]
      `)
    })

    it('has a distinct .not message', () => {
      expect(() => expect(SID).not.toSetCookie('sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).not.toSetCookie("sid")

        cookie "sid" was set; expected no Set-Cookie for it.

        Set-Cookie: sid=s%3Ase…; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600]
      `)
      expect(() => expect(SID).not.toSetCookie('sid', { httpOnly: true })).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).not.toSetCookie("sid", {"httpOnly": true})

        cookie "sid" was set and matches {"httpOnly": true}; expected it not to.

        Set-Cookie: sid=s%3Ase…; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600]
      `)
    })

    it('never prints the full cookie value', () => {
      expect(() => expect(SID).toSetCookie('sid', { value: 'x' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secretvalue') }))
    })
  })

  describe('against express-session', () => {
    it('default config: sets connect.sid HttpOnly on Path=/ with neither Secure nor SameSite', async () => {
      const { app } = expressSessionApp('default')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetCookie('connect.sid', { httpOnly: true, path: '/', secure: false, sameSite: undefined, persistent: false })
    })

    it('hardened config: sets __Host-sid Secure, HttpOnly, SameSite=Lax, persistent', async () => {
      const { app } = expressSessionApp('hardened')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetCookie('__Host-sid', { secure: true, httpOnly: true, sameSite: 'Lax', path: '/', persistent: true, expires: expect.any(Date) })
    })
  })

  describe('against cookie-session', () => {
    it('default config: sets session and session.sig, HttpOnly, without SameSite', async () => {
      const { app } = cookieSessionApp('default')
      const res = await request(app).post('/login')
      expect(res).toSetCookie('session', { httpOnly: true, secure: false, sameSite: undefined, path: '/' })
      expect(res).toSetCookie('session.sig', { httpOnly: true })
    })

    it('hardened config: SameSite=Strict and Secure', async () => {
      const { app } = cookieSessionApp('hardened')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetCookie('session', { secure: true, sameSite: 'Strict', persistent: true })
    })
  })

  describe('against the reference app and its broken variants', () => {
    const HARDENED = { secure: true, httpOnly: true, sameSite: 'Lax', path: '/', domain: undefined, partitioned: false, persistent: false } as const

    it('passes the reference app', async () => {
      expect(await loginResponse(createReferenceApp())).toSetCookie('session', HARDENED)
    })

    it.each([
      ['A1', { secure: true }],
      ['A2', { httpOnly: true }],
      ['A3', { sameSite: 'Lax' }],
      ['A5', { domain: undefined }],
      ['A6', { path: '/' }],
      ['A9', { maxAge: 7 * 86_400 }],
    ] as const)('%s: passes the baseline and fails the broken variant, naming the rule', async (id, attrs) => {
      const variant = brokenVariants[id]
      expect(await loginResponse(variant.createBaseline())).toSetCookie('session', attrs)
      const res = await loginResponse(variant.createApp())
      expect(() => expect(res).toSetCookie('session', attrs)).toThrow(new RegExp(`, received .* \\(${id}\\)`))
    })
  })
})

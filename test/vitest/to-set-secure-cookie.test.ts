import request, { type Response } from 'supertest'
import { describe, expect, it } from 'vitest'
import { cookieSessionApp, expressSessionApp } from './peer-apps.js'
import { brokenVariants } from '../support/broken-variants.js'
import { createReferenceApp, type ReferenceApp } from '../support/reference-app.js'
import { loginResponse, referenceClient } from './reference-clients.js'

const GOOD = 'sid=s%3Asecretvalue.signature; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600'
const failure = (fn: () => void): string => {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected the matcher to fail')
}

describe('toSetSecureCookie(name, policy?)', () => {
  describe('with raw Set-Cookie headers', () => {
    it('passes a hardened cookie', () => {
      expect(GOOD).toSetSecureCookie('sid')
    })

    it.each([
      ['A1', 'sid=abc; Path=/; HttpOnly; SameSite=Lax'],
      ['A2', 'sid=abc; Path=/; Secure; SameSite=Lax'],
      ['A3', 'sid=abc; Path=/; Secure; HttpOnly'],
      ['A4', '__Host-sid=abc; Path=/; HttpOnly; SameSite=Lax; Secure; Domain=example.com'],
      ['A5', 'sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Domain=example.com'],
      ['A6', 'sid=abc; Path=/app; Secure; HttpOnly; SameSite=Lax'],
      ['A7', 'sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=060'],
      ['A8', `sid=${'v'.repeat(4094)}; Path=/; Secure; HttpOnly; SameSite=Lax`],
      ['A9', 'sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=34560001'],
    ])('%s: fails and names the rule', (id, header) => {
      expect(() => expect(header).toSetSecureCookie(id === 'A4' ? '__Host-sid' : 'sid')).toThrow(new RegExp(`\\n  ${id} `))
    })

    it('A10: fails on Partitioned without Secure even when Secure is not required', () => {
      expect(() => expect('sid=abc; Path=/; HttpOnly; SameSite=Lax; Partitioned').toSetSecureCookie('sid', { secure: false })).toThrow(/\n {2}A10 /)
    })

    it('applies the policy: sameSite ["Strict"] and requirePrefix "__Host-" tighten it', () => {
      expect(GOOD).not.toSetSecureCookie('sid', { sameSite: ['Strict'] })
      expect(GOOD).not.toSetSecureCookie('sid', { requirePrefix: '__Host-' })
      expect('__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Strict').toSetSecureCookie('__Host-sid', { sameSite: ['Strict'], requirePrefix: '__Host-' })
    })

    it('fails when the cookie is not set or only deleted', () => {
      expect(() => expect('other=1').toSetSecureCookie('sid')).toThrow(/was not set/)
      expect(() => expect('sid=; Max-Age=0').toSetSecureCookie('sid')).toThrow(/only deletes it/)
    })

    it('throws TypeError on a wrong receiver or policy', () => {
      expect(() => expect(undefined).toSetSecureCookie('sid')).toThrow(TypeError)
      expect(() => expect(GOOD).toSetSecureCookie('sid', 'strict' as never)).toThrow(TypeError)
    })
  })

  describe('failure messages', () => {
    it('lists every violated rule by ID with the redacted header', () => {
      expect(() => expect('sid=s%3Asecretvalue; Domain=example.com').toSetSecureCookie('sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toSetSecureCookie("sid")

        cookie "sid" violates 5 rules (A1, A2, A3, A5, A6):
          A1 cookie "sid" has no Secure attribute: it would be sent over plain http. Add Secure.
          A2 cookie "sid" has no HttpOnly attribute: scripts can read it. Add HttpOnly.
          A3 cookie "sid" has no SameSite attribute: browsers disagree on the default. Set SameSite=Lax.
          A5 cookie "sid" has Domain=example.com: it is sent to every subdomain. Omit Domain (host-only cookie) or allow that domain in the policy.
          A6 cookie "sid" has no Path attribute (the browser uses the request's directory); the policy requires Path=/.

        Set-Cookie: sid=s%3Ase…; Domain=example.com]
      `)
    })

    it('has a distinct .not message', () => {
      expect(() => expect(GOOD).not.toSetSecureCookie('sid')).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).not.toSetSecureCookie("sid")

        cookie "sid" passes every rule (A1-A10) of the policy; expected at least one violation.

        Set-Cookie: sid=s%3Ase…; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600]
      `)
    })

    it('shows the policy it was given', () => {
      expect(() => expect(GOOD).toSetSecureCookie('sid', { sameSite: ['Strict'] })).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(response).toSetSecureCookie("sid", {"sameSite": ["Strict"]})

        cookie "sid" violates 1 rule (A3):
          A3 cookie "sid" has SameSite=Lax; the policy accepts Strict.

        Set-Cookie: sid=s%3Ase…; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600]
      `)
    })
  })

  describe('against express-session', () => {
    it('A1, A3: the default cookie has no Secure and no SameSite, and the failure says so', async () => {
      const { app } = expressSessionApp('default')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      const message = failure(() => expect(res).toSetSecureCookie('connect.sid'))
      expect(message).toContain('cookie "connect.sid" violates 2 rules (A1, A3)')
      expect(message).toMatch(/A1 cookie "connect.sid" has no Secure attribute/)
      expect(message).toMatch(/A3 cookie "connect.sid" has no SameSite attribute/)
      expect(message).not.toContain((res.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0])
    })

    it('passes the hardened configuration, including requirePrefix "__Host-"', async () => {
      const { app } = expressSessionApp('hardened')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetSecureCookie('__Host-sid', { requirePrefix: '__Host-' })
    })
  })

  describe('against cookie-session', () => {
    it('A3: the default cookies have no SameSite (and no Secure over http: A1)', async () => {
      const { app } = cookieSessionApp('default')
      const overHttps = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(() => expect(overHttps).toSetSecureCookie('session')).toThrow(/violates 1 rule \(A3\)/)
      const overHttp = await request(app).post('/login')
      expect(() => expect(overHttp).toSetSecureCookie('session')).toThrow(/violates 2 rules \(A1, A3\)/)
    })

    it('passes the hardened configuration for both cookies', async () => {
      const { app } = cookieSessionApp('hardened')
      const res = await request(app).post('/login').set('X-Forwarded-Proto', 'https')
      expect(res).toSetSecureCookie('session', { sameSite: ['Strict'] })
      expect(res).toSetSecureCookie('session.sig', { sameSite: ['Strict'] })
    })
  })

  describe('against the reference app and its broken variants', () => {
    it('passes the reference app in its default and __Host- configurations', async () => {
      expect(await loginResponse(createReferenceApp())).toSetSecureCookie('session')
      expect(await loginResponse(createReferenceApp({ config: { cookieName: '__Host-sid' } }))).toSetSecureCookie('__Host-sid', { requirePrefix: '__Host-' })
    })

    it.each(['A1', 'A2', 'A3', 'A5', 'A6', 'A9', 'A10'] as const)('%s: passes the baseline and fails the broken variant, naming the rule', async (id) => {
      const variant = brokenVariants[id]
      expect(await loginResponse(variant.createBaseline())).toSetSecureCookie('session')
      const res = await loginResponse(variant.createApp())
      expect(() => expect(res).toSetSecureCookie('session')).toThrow(new RegExp(`\\n  ${id} cookie "session"`))
    })

    it('A4: fails on the __Host- cookie with a Domain', async () => {
      expect(await loginResponse(brokenVariants.A4.createBaseline())).toSetSecureCookie('__Host-sid')
      const res = await loginResponse(brokenVariants.A4.createApp())
      expect(() => expect(res).toSetSecureCookie('__Host-sid')).toThrow(/\n {2}A4 cookie "__Host-sid" has the __Host- prefix but lacks no Domain/)
    })

    it('A8: fails when POST /cart grows the cookie past 4096 bytes', async () => {
      const grow = async (ref: ReferenceApp): Promise<Response> => {
        const client = referenceClient(ref)
        try {
          return await client.post('/cart').send({ item: 'x'.repeat(5000) })
        } finally {
          await client.close()
        }
      }
      const res = await grow(brokenVariants.A8.createApp())
      expect(() => expect(res).toSetSecureCookie('session')).toThrow(/\n {2}A8 cookie "session": name \+ value is \d+ bytes/)
    })
  })
})

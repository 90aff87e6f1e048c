import request from 'supertest'
import { describe, expect, it, vi } from 'vitest'
import { createSigner } from '../../src/signing/signer.js'
import { createReferenceApp, TEST_FALLBACK, TEST_RETIRED, TEST_SECRET } from '../support/reference-app.js'
import { attribute, cookiePair, cookieValue, setCookieFor, setCookies } from '../support/set-cookie-headers.js'
import { freezeDateEachTest } from '../support/freeze-date.js'

const t0 = new Date('2026-03-01T12:00:00Z')

async function loggedIn(app: Parameters<typeof request>[0]): Promise<string> {
  return cookiePair(await request(app).post('/login').send({ userId: 1 }).expect(200))
}

describe('createSessionMiddleware(config) with cookie storage', () => {
  freezeDateEachTest(t0)

  describe('when a request stores nothing', () => {
    it('L15: an anonymous request that stores nothing gets no cookie', async () => {
      const { app } = createReferenceApp()
      const res = await request(app).get('/anon').expect(200)
      expect(setCookies(res)).toEqual([])
      const me = await request(app).get('/me').expect(401)
      expect(setCookies(me)).toEqual([])
    })

    it('A11: a response whose session was read carries Vary: Cookie; one that never read it does not', async () => {
      const { app } = createReferenceApp()
      expect((await request(app).get('/me')).headers.vary).toBe('Cookie')
      expect((await request(app).get('/anon')).headers.vary).toBeUndefined()
    })
  })

  describe('when the user logs in', () => {
    it('sets a hardened cookie: Secure, HttpOnly, SameSite=Lax, Path=/, host-only, browser-session', async () => {
      const { app } = createReferenceApp()
      const res = await request(app).post('/login').send({ email: 'ada@example.test', password: 'correct horse battery staple' }).expect(200)
      const header = setCookieFor(res) ?? ''
      expect(header).toMatch(/^session=[A-Za-z0-9_.-]+; Path=\/; Secure; HttpOnly; SameSite=Lax$/)
      expect(res.headers.vary).toBe('Cookie')
      await request(app).get('/me').set('Cookie', cookiePair(res)).expect(200, { user_id: 1 })
    })

    it('L1: a probe key planted before login does not survive it', async () => {
      const { app } = createReferenceApp()
      const cart = cookiePair(await request(app).post('/cart').send({ item: 'probe' }))
      const after = cookiePair(await request(app).post('/login').set('Cookie', cart).send({ userId: 1 }))
      await request(app).get('/cart').set('Cookie', after).expect(200, { cart: [] })
    })
  })

  describe('when the cookie is tampered or malformed', () => {
    it('T1: any single-character change gives an anonymous session, never a 5xx', async () => {
      const { app } = createReferenceApp()
      const value = cookieValue(await request(app).post('/login').send({ userId: 1 }))
      for (let i = 0; i < value.length; i += 7) {
        const changed = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1)
        await request(app).get('/me').set('Cookie', `session=${changed}`).expect(401)
      }
    })

    it.each([
      ['empty', ''],
      ['no separator', 'abc'],
      ['empty signature', 'abc.def.'],
      ['extra separators', 'a.b.c.d.e'],
      ['non-base64', '%%%.***.$$$'],
      ['8 KB', 'a'.repeat(8192)],
      ['quoted', '"abc"'],
    ])('T2: a %s value gives an anonymous session', async (_name, value) => {
      const { app } = createReferenceApp()
      const res = await request(app).get('/me').set('Cookie', `session=${value}`)
      expect(res.status).toBe(401)
    })

    it('T3: an unsigned forgery of base64 JSON is anonymous', async () => {
      const { app } = createReferenceApp()
      const forged = Buffer.from(JSON.stringify({ data: { user_id: 1 }, meta: { createdAt: t0.getTime(), lastSeenAt: t0.getTime(), permanent: false } })).toString('base64url')
      await request(app).get('/me').set('Cookie', `session=${forged}`).expect(401)
    })

    it('T4: a value validly signed for another cookie name is rejected', async () => {
      const other = createReferenceApp({ config: { cookieName: 'other' } })
      const value = cookieValue(await request(other.app).post('/login').send({ userId: 1 }), 'other')
      await request(createReferenceApp().app).get('/me').set('Cookie', `session=${value}`).expect(401)
    })

    it('T8: only the exact cookie name is read', async () => {
      const { app } = createReferenceApp({ config: { cookieName: '__Host-sid' } })
      const value = cookieValue(await request(app).post('/login').send({ userId: 1 }), '__Host-sid')
      await request(app).get('/me').set('Cookie', `__HOST-sid=${value}`).expect(401)
      await request(app).get('/me').set('Cookie', `__HOST-sid=evil; __Host-sid=${value}`).expect(200)
    })

    it('S3: a validly signed array, string or null payload is anonymous', async () => {
      const { app } = createReferenceApp()
      const signer = createSigner({ secretKey: TEST_SECRET, salt: 'session-testkit.reference:data:session', keyDerivation: 'hmac' })
      for (const payload of ['[1]', '"x"', 'null']) {
        const stamp = Buffer.from(Math.floor(t0.getTime() / 1000).toString(16), 'hex').toString('base64url')
        const value = signer.sign(`${Buffer.from(payload).toString('base64url')}.${stamp}`)
        await request(app).get('/me').set('Cookie', `session=${value}`).expect(401)
      }
    })
  })

  describe('when keys rotate', () => {
    const oldApp = () => createReferenceApp({ config: { secretKey: TEST_FALLBACK } }).app
    const rotatedApp = () => createReferenceApp({ config: { secretKey: TEST_SECRET, secretKeyFallbacks: [TEST_FALLBACK] } })

    it('K1: a cookie signed with a fallback key is accepted', async () => {
      const old = await loggedIn(oldApp())
      await request(rotatedApp().app).get('/me').set('Cookie', old).expect(200, { user_id: 1 })
    })

    it('K2: a freshly issued cookie verifies with the current key alone', async () => {
      const { app } = rotatedApp()
      const fresh = cookiePair(await request(app).post('/login').send({ userId: 1 }))
      await request(createReferenceApp().app).get('/me').set('Cookie', fresh).expect(200)
    })

    it('K3: a cookie verified by a fallback key is re-issued under the current key', async () => {
      const { app, format } = rotatedApp()
      const old = await loggedIn(oldApp())
      const res = await request(app).get('/me').set('Cookie', old).expect(200)
      const read = await format.read(new Map([['session', cookieValue(res)]]))
      expect(read?.keyIndex).toBe(0)
      expect(read?.data).toMatchObject({ user_id: 1 })
    })

    it('K4: once a key is retired, cookies signed with it are anonymous', async () => {
      const retired = await loggedIn(createReferenceApp({ config: { secretKey: TEST_RETIRED } }).app)
      await request(rotatedApp().app).get('/me').set('Cookie', retired).expect(401)
    })

    it('K5: a cookie signed with an unknown key is anonymous', async () => {
      const unknown = await loggedIn(createReferenceApp({ config: { secretKey: 'some-other-app-key-0123456789abcdef0123' } }).app)
      await request(createReferenceApp().app).get('/me').set('Cookie', unknown).expect(401)
    })
  })

  describe('when sessions are permanent', () => {
    it('A9: the cookie carries Max-Age and an Expires that agree', async () => {
      const { app } = createReferenceApp({ config: { permanent: true, lifetimeSeconds: 3600 } })
      const header = setCookieFor(await request(app).post('/login').send({ userId: 1 })) ?? ''
      expect(attribute(header, 'Max-Age')).toBe('3600')
      expect(attribute(header, 'Expires')).toBe(new Date(t0.getTime() + 3_600_000).toUTCString())
    })

    it('refreshEachRequest re-issues the cookie with a fresh expiry on each request', async () => {
      const { app } = createReferenceApp({ config: { permanent: true, lifetimeSeconds: 3600 } })
      const cookie = await loggedIn(app)
      vi.setSystemTime(t0.getTime() + 1_800_000)
      const header = setCookieFor(await request(app).get('/me').set('Cookie', cookie).expect(200)) ?? ''
      expect(attribute(header, 'Expires')).toBe(new Date(t0.getTime() + 5_400_000).toUTCString())
    })

    it('without refreshEachRequest, an unchanged session gets no new cookie', async () => {
      const { app } = createReferenceApp({ config: { permanent: true, refreshEachRequest: false } })
      const cookie = await loggedIn(app)
      expect(setCookies(await request(app).get('/me').set('Cookie', cookie).expect(200))).toEqual([])
    })

    it('L9: a session past its lifetime is rejected even with the cookie expiry removed', async () => {
      const { app } = createReferenceApp({ config: { permanent: true, lifetimeSeconds: 3600 } })
      const cookie = await loggedIn(app)
      vi.setSystemTime(t0.getTime() + 3_601_000)
      await request(app).get('/me').set('Cookie', cookie).expect(401)
    })
  })

  describe('when timeouts are configured', () => {
    it('L7: the server ends a session idle for longer than idleTimeoutSeconds', async () => {
      const { app } = createReferenceApp({ config: { idleTimeoutSeconds: 600 } })
      let cookie = await loggedIn(app)
      vi.setSystemTime(t0.getTime() + 590_000)
      cookie = cookiePair(await request(app).get('/me').set('Cookie', cookie).expect(200))
      vi.setSystemTime(t0.getTime() + 1_180_000)
      await request(app).get('/me').set('Cookie', cookie).expect(200)
      vi.setSystemTime(t0.getTime() + 1_800_000)
      await request(app).get('/me').set('Cookie', cookie).expect(401)
    })

    it('L8: the server ends a session older than absoluteTimeoutSeconds however it is used', async () => {
      const { app } = createReferenceApp({ config: { absoluteTimeoutSeconds: 3600, idleTimeoutSeconds: 1800 } })
      let cookie = await loggedIn(app)
      for (let minute = 20; minute <= 60; minute += 20) {
        vi.setSystemTime(t0.getTime() + minute * 60_000)
        cookie = cookiePair(await request(app).get('/me').set('Cookie', cookie).expect(200))
      }
      vi.setSystemTime(t0.getTime() + 3_601_000)
      await request(app).get('/me').set('Cookie', cookie).expect(401)
    })

    it('T5: a cookie signed in the future is rejected', async () => {
      const { app } = createReferenceApp()
      vi.setSystemTime(t0.getTime() + 600_000)
      const future = await loggedIn(app)
      vi.setSystemTime(t0)
      await request(app).get('/me').set('Cookie', future).expect(401)
    })
  })

  describe('when the user logs out', () => {
    it('L5: logout sends a deletion header with the same name, Path, Domain and Secure', async () => {
      const { app } = createReferenceApp({ config: { cookie: { domain: 'app.test', path: '/' } } })
      const res = await request(app).post('/logout').set('Cookie', await loggedIn(app)).expect(204)
      const header = setCookieFor(res) ?? ''
      expect(header).toMatch(/^session=; /)
      expect(attribute(header, 'Max-Age')).toBe('0')
      expect(attribute(header, 'Expires')).toBe('Thu, 01 Jan 1970 00:00:00 GMT')
      expect([attribute(header, 'Path'), attribute(header, 'Domain'), attribute(header, 'Secure')]).toEqual(['/', 'app.test', true])
    })

    it('L6: with revalidate, a stateless cookie captured before logout is rejected', async () => {
      const { app } = createReferenceApp()
      const captured = await loggedIn(app)
      await request(app).post('/logout').set('Cookie', captured).expect(204)
      await request(app).get('/me').set('Cookie', captured).expect(401)
    })

    it('L10: changing the password ends the other sessions and keeps this one', async () => {
      const { app } = createReferenceApp()
      const laptop = await loggedIn(app)
      const phone = await loggedIn(app)
      const kept = cookiePair(await request(app).post('/password').set('Cookie', phone).expect(204))
      await request(app).get('/me').set('Cookie', laptop).expect(401)
      await request(app).get('/me').set('Cookie', kept).expect(200)
    })
  })

  describe('when the data outgrows a cookie', () => {
    it('A8: raises a clear error instead of sending a cookie browsers would drop', async () => {
      const { app } = createReferenceApp()
      const res = await request(app).post('/cart').send({ item: 'x'.repeat(5000) }).expect(500)
      expect(res.body).toEqual({ error: expect.stringMatching(/session-testkit: the session cookie would be \d+ bytes, over the 4096 bytes browsers keep \(A8/) as unknown })
      expect(setCookies(res)).toEqual([])
    })
  })
})

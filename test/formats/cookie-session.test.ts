import cookieSessionMiddleware from 'cookie-session'
import express from 'express'
import type { Request } from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestClient, readSession, readSessionDetails, sessionTransaction } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { BadSignatureError } from '../../src/errors.js'
import { cookieSession } from '../../src/formats/cookie-session.js'
import { closeClientsAfterEach } from '../support/close-clients.js'

const bag = (req: Request): Record<string, unknown> => req.session as unknown as Record<string, unknown>

/** A real cookie-session 2.1 app. */
function realApp(keys: string[], options: { maxAge?: number } = {}): express.Express {
  const app = express()
  app.use(express.json())
  app.use(cookieSessionMiddleware({ keys, ...options }))
  app.get('/me', (req, res) => {
    res.json({ user_id: bag(req).user_id ?? null, note: bag(req).note ?? null })
  })
  app.post('/login', (req, res) => {
    Object.assign(bag(req), req.body)
    res.status(204).end()
  })
  return app
}

const track = closeClientsAfterEach()
function clientFor(app: express.Express, keys: string[]): TestClient {
  return track(createTestClient(app, { session: cookieSession({ keys }) }))
}

afterEach(() => {
  vi.useRealTimers()
})

const anonymous = { user_id: null, note: null }

describe('cookieSession({ keys, name? })', () => {
  describe('against cookie-session 2.1', () => {
    it('a session injected with sessionTransaction is accepted by the real app', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      await sessionTransaction(c, (s) => { s.user_id = 42 })
      expect((await c.get('/me').expect(200)).body).toEqual({ user_id: 42, note: null })
    })

    it('readSession decodes a session the real app set', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      expect(await readSession(c)).toBeNull()
      await c.post('/login').send({ user_id: 7 }).expect(204)
      expect(await readSession(c)).toEqual({ user_id: 7 })
      expect(await readSessionDetails(c)).toEqual({ data: { user_id: 7 }, keyIndex: 0 })
    })

    it('uses the cookie name given', async () => {
      const app = express()
      app.use(cookieSessionMiddleware({ name: 'sess', keys: ['k1'] }))
      app.get('/me', (req, res) => res.json({ user_id: bag(req).user_id ?? null }))
      const c = track(createTestClient(app, { session: cookieSession({ name: 'sess', keys: ['k1'] }) }))
      await sessionTransaction(c, (s) => { s.user_id = 3 })
      expect([...(await c.cookieMap()).keys()]).toEqual(['sess', 'sess.sig'])
      await c.get('/me').expect(200, { user_id: 3 })
    })
  })

  describe('byte for byte', () => {
    it('writes the cookies cookie-session writes for the same data', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2026-03-01T12:00:00.000Z'))
      const c = clientFor(realApp(['current', 'old'], { maxAge: 3_600_000 }), ['current', 'old'])
      const res = await c.post('/login').send({ user_id: 42, note: 'hi' }).expect(204)
      const real = res.headers['set-cookie'] as unknown as string[]
      const format = cookieSession({ keys: ['current', 'old'], maxAge: 3_600_000 })
      const written = await format.write({ user_id: 42, note: 'hi' }, null)
      expect(written.map((cookie) => `${cookie.name}=${cookie.value}`)).toEqual(real.map((header) => header.split(';')[0]))
      expect(real[0]).toBe(`session=${Buffer.from('{"user_id":42,"note":"hi"}').toString('base64')}; path=/; expires=Sun, 01 Mar 2026 13:00:00 GMT; httponly`)
      expect(written[0]).toMatchObject({ path: '/', httpOnly: true, expires: new Date('2026-03-01T13:00:00.000Z') })
      expect(written[1]).toMatchObject({ name: 'session.sig', path: '/', httpOnly: true })
    })
  })

  describe('key rotation', () => {
    it('K1: a cookie signed with the previous key is accepted; K3: the app re-signs it with the current key', async () => {
      const app = realApp(['new', 'old'])
      const old = clientFor(app, ['old'])
      await sessionTransaction(old, (s) => { s.user_id = 1 })
      const c = clientFor(app, ['new', 'old'])
      for (const cookie of await old.cookies()) await c.setCookie(cookie.toString())
      expect((await readSessionDetails(c))?.keyIndex).toBe(1)
      await c.get('/me').expect(200, { user_id: 1, note: null })
      expect((await readSessionDetails(c))?.keyIndex).toBe(0)
    })

    it('K2: signs with the first key only', async () => {
      const c = clientFor(realApp(['new']), ['new', 'old'])
      await sessionTransaction(c, (s) => { s.user_id = 2 })
      expect((await c.get('/me').expect(200)).body).toEqual({ user_id: 2, note: null })
    })

    it('K4: once the old key is retired its cookies are anonymous and do not read', async () => {
      const app = realApp(['new'])
      const old = clientFor(app, ['old'])
      await sessionTransaction(old, (s) => { s.user_id = 3 })
      await old.get('/me').expect(200, anonymous)
      const c = clientFor(app, ['new'])
      for (const cookie of await old.cookies()) await c.setCookie(cookie.toString())
      await expect(readSession(c)).rejects.toThrow(BadSignatureError)
    })

    it('K5: a cookie signed with an unknown key is anonymous and reading it names the format, not the key', async () => {
      const app = realApp(['app key'])
      const evil = clientFor(app, ['attacker key'])
      await sessionTransaction(evil, (s) => { s.user_id = 4 })
      const c = clientFor(app, ['app key'])
      for (const cookie of await evil.cookies()) await c.setCookie(cookie.toString())
      await evil.get('/me').expect(200, anonymous)
      // cookie-session answers a bad signature by deleting the .sig cookie.
      expect([...(await evil.cookieMap()).keys()]).toEqual(['session'])
      const error = await readSession(c).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BadSignatureError)
      expect((error as Error).message).toMatch(/cookie-session.*1 key/)
      expect((error as Error).message).not.toMatch(/app key/)
    })
  })

  describe('when the cookies are tampered', () => {
    it('T1: every single-character change to the value or the signature is anonymous and rejected', async () => {
      const app = realApp(['k1'])
      const c = clientFor(app, ['k1'])
      await sessionTransaction(c, (s) => { s.user_id = 42 })
      const cookies = await c.cookieMap()
      const probe = clientFor(app, ['k1'])
      let tried = 0
      for (const target of ['session', 'session.sig']) {
        const valid = cookies.get(target) as string
        for (let i = 0; i < valid.length; i += 1) {
          for (const replacement of [valid[i] === 'A' ? 'B' : 'A', valid[i] === '-' ? '_' : '-']) {
            const tampered = new Map(cookies).set(target, valid.slice(0, i) + replacement + valid.slice(i + 1))
            const header = [...tampered].map(([name, value]) => `${name}=${value}`).join('; ')
            const res = await c.request('get', '/me', { cookies: header }).expect(200)
            expect(res.body, `${target} position ${i}`).toEqual(anonymous)
            await probe.clearCookies()
            for (const [name, value] of tampered) await probe.setCookie(`${name}=${value}; Path=/`)
            await expect(readSession(probe), `${target} position ${i}`).rejects.toThrow(BadSignatureError)
            tried += 1
          }
        }
      }
      expect(tried).toBe(2 * ((cookies.get('session')?.length ?? 0) + (cookies.get('session.sig')?.length ?? 0)))
    })

    it('T2: a session cookie without its .sig cookie is anonymous and rejected', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      await sessionTransaction(c, (s) => { s.user_id = 42 })
      const value = (await c.cookieMap()).get('session') as string
      await c.clearCookies()
      await c.setCookie(`session=${value}; Path=/`)
      await c.get('/me').expect(200, anonymous)
      await expect(readSession(c)).rejects.toThrow(/no "session.sig"/)
    })

    it('T4: a value signed for another cookie name does not verify', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      const [value, sig] = await cookieSession({ name: 'other', keys: ['k1'] }).write({ user_id: 1 }, null)
      await c.setCookie(`session=${value?.value}; Path=/`)
      await c.setCookie(`session.sig=${sig?.value}; Path=/`)
      await c.get('/me').expect(200, anonymous)
      await expect(readSession(c)).rejects.toThrow(BadSignatureError)
    })
  })

  describe('S2: __proto__ in session data', () => {
    it('is dropped when read, polluting nothing', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      const data = JSON.parse('{"__proto__":{"isAdmin":true},"user_id":1}') as Record<string, unknown>
      for (const cookie of await cookieSession({ keys: ['k1'] }).write(data, null)) await c.setCookie(`${cookie.name}=${cookie.value}; Path=/`)
      const read = await readSession(c)
      expect(read).toEqual({ user_id: 1 })
      expect(Object.hasOwn(read ?? {}, '__proto__')).toBe(false)
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    })
  })

  describe('S4: values with ; , " \\ and non-ASCII', () => {
    const note = 'a; b, "c" \\ d é ü 日本 🎉'

    it('round-trip from sessionTransaction to the app, as cookie-octets only', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      await sessionTransaction(c, (s) => { s.note = note })
      for (const value of (await c.cookieMap()).values()) expect(value).toMatch(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/)
      await c.get('/me').expect(200, { user_id: null, note })
    })

    it('round-trip from the app to readSession', async () => {
      const c = clientFor(realApp(['k1']), ['k1'])
      await c.post('/login').send({ note }).expect(204)
      expect(await readSession(c)).toEqual({ note })
    })
  })
})

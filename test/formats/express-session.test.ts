import express from 'express'
import session from 'express-session'
import type { Request } from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestClient, readSession, readSessionDetails, sessionTransaction } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { BadSignatureError, SessionKitError } from '../../src/errors.js'
import { expressSession } from '../../src/formats/express-session.js'
import { closeClientsAfterEach } from '../support/close-clients.js'

const bag = (req: Request): Record<string, unknown> => req.session as unknown as Record<string, unknown>

interface AppOptions {
  secret: string | string[]
  store?: session.MemoryStore
  cookie?: session.CookieOptions
  genid?: () => string
}

/** A real express-session 1.19 app with its MemoryStore. */
function realApp(options: AppOptions): { app: express.Express; store: session.MemoryStore } {
  const store = options.store ?? new session.MemoryStore()
  const app = express()
  app.set('trust proxy', 'loopback')
  app.use(express.json())
  app.use(session({
    secret: options.secret,
    store,
    resave: false,
    saveUninitialized: false,
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.genid ? { genid: options.genid } : {}),
  }))
  app.get('/me', (req, res) => {
    res.json({ user_id: bag(req).user_id ?? null, role: bag(req).role ?? null, note: bag(req).note ?? null })
  })
  app.post('/login', (req, res) => {
    Object.assign(bag(req), req.body)
    res.status(204).end()
  })
  app.post('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.status(204).end())))
  return { app, store }
}

const track = closeClientsAfterEach()
function clientFor(app: express.Express, secret: string | string[], store: session.MemoryStore, origin?: string): TestClient {
  return track(createTestClient(app, { session: expressSession({ secret, store }), ...(origin ? { origin } : {}) }))
}

afterEach(() => {
  vi.useRealTimers()
})

describe('expressSession({ secret, store, name?, cookie? })', () => {
  describe('against express-session 1.19 with its MemoryStore', () => {
    it('a session injected with sessionTransaction is accepted by the real app', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await sessionTransaction(c, (s) => { s.user_id = 42 })
      expect((await c.get('/me').expect(200)).body).toEqual({ user_id: 42, role: null, note: null })
    })

    it('readSession decodes a session the real app set', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat', cookie: { maxAge: 3_600_000 } })
      const c = clientFor(app, 'keyboard cat', store)
      expect(await readSession(c)).toBeNull()
      await c.post('/login').send({ user_id: 7 }).expect(204)
      expect(await readSession(c)).toEqual({ user_id: 7 })
      const details = await readSessionDetails(c)
      expect(details?.keyIndex).toBe(0)
      expect(Object.keys((store as unknown as { sessions: object }).sessions)).toEqual([details?.id])
      expect(details?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 3_500_000)
      expect(await c.session?.hasStoredSession?.(details?.id as string)).toBe(true)
    })

    it('keeps the id and data of an app-set session when a transaction changes it', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await c.post('/login').send({ user_id: 7 }).expect(204)
      const before = await readSessionDetails(c)
      await sessionTransaction(c, (s) => { s.role = 'admin' })
      await c.get('/me').expect(200, { user_id: 7, role: 'admin', note: null })
      expect((await readSessionDetails(c))?.id).toBe(before?.id)
    })

    it('reads a verified id whose record the store dropped as an empty new session', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await c.post('/login').send({ user_id: 7 }).expect(204)
      const { id } = (await readSessionDetails(c)) ?? {}
      await c.post('/logout').expect(204)
      expect(await readSessionDetails(c)).toEqual({ data: {}, keyIndex: 0 })
      expect(await c.session?.hasStoredSession?.(id as string)).toBe(false)
      await sessionTransaction(c, (s) => { s.user_id = 8 })
      expect((await readSessionDetails(c))?.id).not.toBe(id)
      await c.get('/me').expect(200, { user_id: 8, role: null, note: null })
    })

    it('writes Secure cookies through an https origin to an app behind a trusted proxy', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat', cookie: { secure: true } })
      const format = expressSession({ secret: 'keyboard cat', store, cookie: { secure: true } })
      const https = track(createTestClient(app, { session: format, origin: 'https://app.test' }))
      const plain = track(createTestClient(app, { session: format }))
      await sessionTransaction(https, (s) => { s.user_id = 5 })
      await https.get('/me').expect(200, { user_id: 5, role: null, note: null })
      await expect(sessionTransaction(plain, (s) => { s.user_id = 5 })).rejects.toThrow(/Secure.*origin: 'https/)
    })

    it('refuses the key "cookie", which express-session reserves', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await expect(sessionTransaction(c, (s) => { s.cookie = 1 })).rejects.toThrow(SessionKitError)
      expect(await c.cookies()).toEqual([])
    })
  })

  describe('byte for byte', () => {
    it('writes the cookie value and store record express-session writes for the same data and id', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2026-03-01T12:00:00.000Z'))
      const id = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1BcDeF'
      const cookie = { maxAge: 86_400_000, sameSite: 'lax' } as const
      const { app, store } = realApp({ secret: ['current', 'old'], cookie, genid: () => id })
      const c = clientFor(app, 'current', store)
      const res = await c.post('/login').send({ user_id: 42, note: 'hi' }).expect(204)
      const real = (res.headers['set-cookie'] as unknown as string[])[0] as string
      const realRecord = (store as unknown as { sessions: Record<string, string> }).sessions[id]

      const ours = new session.MemoryStore()
      const format = expressSession({ secret: ['current', 'old'], store: ours, cookie, genid: () => id })
      const [written] = await format.write({ user_id: 42, note: 'hi' }, null)
      expect(`connect.sid=${written?.value}`).toBe(real.split(';')[0])
      expect(written?.value.startsWith('s%3A')).toBe(true)
      expect((ours as unknown as { sessions: Record<string, string> }).sessions[id]).toBe(realRecord)
      expect(realRecord).toBe('{"cookie":{"originalMaxAge":86400000,"expires":"2026-03-02T12:00:00.000Z","httpOnly":true,"path":"/","sameSite":"lax"},"user_id":42,"note":"hi"}')
      expect(written).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax', expires: new Date('2026-03-02T12:00:00.000Z') })
      expect(real).toBe(`connect.sid=${written?.value}; Path=/; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax`)
    })
  })

  describe('key rotation', () => {
    it('K1: a cookie signed with the previous secret is accepted and read with keyIndex 1', async () => {
      const { app, store } = realApp({ secret: ['new', 'old'] })
      const old = clientFor(app, 'old', store)
      await sessionTransaction(old, (s) => { s.user_id = 1 })
      await old.get('/me').expect(200, { user_id: 1, role: null, note: null })
      const rotated = track(createTestClient(app, { session: expressSession({ secret: ['new', 'old'], store }) }))
      await rotated.setCookie((await old.cookies())[0]?.toString() as string)
      expect((await readSessionDetails(rotated))?.keyIndex).toBe(1)
    })

    it('K2: signs with the first secret only', async () => {
      const { app, store } = realApp({ secret: 'new' })
      const c = clientFor(app, ['new', 'old'], store)
      await sessionTransaction(c, (s) => { s.user_id = 2 })
      await c.get('/me').expect(200, { user_id: 2, role: null, note: null })
      expect((await readSessionDetails(c))?.keyIndex).toBe(0)
    })

    it('K4: once the old secret is retired its cookies are anonymous and do not read', async () => {
      const { app, store } = realApp({ secret: ['new'] })
      const c = clientFor(app, 'old', store)
      await sessionTransaction(c, (s) => { s.user_id = 3 })
      await c.get('/me').expect(200, { user_id: null, role: null, note: null })
      const current = clientFor(app, ['new'], store)
      await current.setCookie((await c.cookies())[0]?.toString() as string)
      await expect(readSession(current)).rejects.toThrow(BadSignatureError)
    })

    it('K5: a cookie signed with an unknown secret is anonymous and reading it names the format, not the secret', async () => {
      const { app, store } = realApp({ secret: 'app secret' })
      const evil = clientFor(app, 'attacker secret', store)
      await sessionTransaction(evil, (s) => { s.user_id = 4 })
      await evil.get('/me').expect(200, { user_id: null, role: null, note: null })
      const c = clientFor(app, ['app secret', 'older secret'], store)
      await c.setCookie((await evil.cookies())[0]?.toString() as string)
      const error = await readSession(c).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BadSignatureError)
      expect((error as Error).message).toMatch(/express-session.*2 secrets/)
      expect((error as Error).message).not.toMatch(/app secret|older secret/)
    })
  })

  describe('when the cookie is tampered', () => {
    it('T1: every single-character change is anonymous to the app and rejected by readSession', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await sessionTransaction(c, (s) => { s.user_id = 42 })
      const valid = decodeURIComponent((await c.cookieMap()).get('connect.sid') as string)
      const probe = clientFor(app, 'keyboard cat', store)
      let tried = 0
      for (let i = 0; i < valid.length; i += 1) {
        for (const replacement of [valid[i] === 'A' ? 'B' : 'A', valid[i] === '.' ? '_' : '.']) {
          const tampered = encodeURIComponent(valid.slice(0, i) + replacement + valid.slice(i + 1))
          const res = await c.request('get', '/me', { cookies: `connect.sid=${tampered}` }).expect(200)
          expect(res.body.user_id, `position ${i}`).toBeNull()
          await probe.clearCookies()
          await probe.setCookie(`connect.sid=${tampered}; Path=/`)
          await expect(readSession(probe), `position ${i}`).rejects.toThrow(BadSignatureError)
          tried += 1
        }
      }
      expect(tried).toBe(valid.length * 2)
      await c.get('/me').expect(200, { user_id: 42, role: null, note: null })
    })

    it('T3: an unsigned id (no s: prefix) is anonymous and rejected by readSession', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await c.post('/login').send({ user_id: 9 }).expect(204)
      const { id } = (await readSessionDetails(c)) ?? {}
      await c.clearCookies()
      await c.setCookie(`connect.sid=${id}; Path=/`)
      await c.get('/me').expect(200, { user_id: null, role: null, note: null })
      await expect(readSession(c)).rejects.toThrow(/not signed/)
    })
  })

  describe('S2: __proto__ in a stored record', () => {
    it('is dropped when read, polluting nothing', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await sessionTransaction(c, (s) => { s.user_id = 1 })
      const { id } = (await readSessionDetails(c)) ?? {}
      const sessions = (store as unknown as { sessions: Record<string, string> }).sessions
      sessions[id as string] = (sessions[id as string] as string).replace('"user_id"', '"__proto__":{"isAdmin":true},"user_id"')
      const read = await readSession(c)
      expect(read).toEqual({ user_id: 1 })
      expect(Object.hasOwn(read ?? {}, '__proto__')).toBe(false)
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    })
  })

  describe('S4: values with ; , " \\ and non-ASCII', () => {
    const note = 'a; b, "c" \\ d é ü 日本 🎉'

    it('round-trip from sessionTransaction to the app', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await sessionTransaction(c, (s) => { s.note = note })
      expect((await c.get('/me').expect(200)).body).toEqual({ user_id: null, role: null, note })
    })

    it('round-trip from the app to readSession', async () => {
      const { app, store } = realApp({ secret: 'keyboard cat' })
      const c = clientFor(app, 'keyboard cat', store)
      await c.post('/login').send({ note }).expect(204)
      expect(await readSession(c)).toEqual({ note })
    })
  })
})

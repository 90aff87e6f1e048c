import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import request from 'supertest'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { logout } from '../../src/reference/auth.js'
import { createSessionMiddleware } from '../../src/reference/middleware.js'
import { getSession } from '../../src/reference/session.js'
import { createSigner } from '../../src/signing/signer.js'
import { stores } from '../../src/stores/index.js'
import type { SessionStore } from '../../src/stores/types.js'
import { createReferenceApp, TEST_FALLBACK, TEST_SECRET } from '../support/reference-app.js'
import { attribute, cookiePair, cookieValue, setCookieFor, setCookies } from '../support/set-cookie-headers.js'
import { freezeDateEachTest } from '../support/freeze-date.js'

const t0 = new Date('2026-03-01T12:00:00Z')
const dir = mkdtempSync(join(tmpdir(), 'session-testkit-fs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Wraps a store to count lookups and list the ids written; `ignoreTtl` keeps entries for a year. */
function spied(store: SessionStore, ignoreTtl = false): SessionStore & { gets: string[]; written: Set<string> } {
  const gets: string[] = []
  const written = new Set<string>()
  return {
    kind: store.kind,
    gets,
    written,
    get: (id) => (gets.push(id), store.get(id)),
    set: (id, s, ttl) => (written.add(id), store.set(id, s, ignoreTtl ? 365 * 86_400 : ttl)),
    destroy: (id) => (written.delete(id), store.destroy(id)),
  }
}

const idOf = (cookie: string): string => cookie.slice('session='.length).split('.')[0] ?? ''

describe.each([
  ['stores.memory()', () => stores.memory()],
  ['stores.filesystem(dir)', () => stores.filesystem(join(dir, String(Math.random()).slice(2)))],
])('createSessionMiddleware(config) with %s', (_name, makeStore) => {
  freezeDateEachTest(t0)

  const setup = (config = {}, ignoreTtl = false) => {
    const store = spied(makeStore(), ignoreTtl)
    return { ...createReferenceApp({ config: { store, ...config } }), store }
  }

  it('L15: an anonymous request that stores nothing gets no cookie and no store entry', async () => {
    const { app, store } = setup()
    expect(setCookies(await request(app).get('/me').expect(401))).toEqual([])
    expect(store.written.size).toBe(0)
  })

  it('login sets a signed id cookie and writes one store entry', async () => {
    const { app, store } = setup()
    const cookie = cookiePair(await request(app).post('/login').send({ userId: 1 }).expect(200))
    expect(cookie).toMatch(/^session=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/)
    expect([...store.written]).toEqual([idOf(cookie)])
    await request(app).get('/me').set('Cookie', cookie).expect(200, { user_id: 1 })
  })

  it('L1: login issues a new id, destroys the old entry, and a planted probe key does not survive', async () => {
    const { app, store } = setup()
    const before = cookiePair(await request(app).post('/cart').send({ item: 'probe' }))
    const after = cookiePair(await request(app).post('/login').set('Cookie', before).send({ userId: 1 }))
    expect(idOf(after)).not.toBe(idOf(before))
    expect(await store.get(idOf(before))).toBeNull()
    await request(app).get('/cart').set('Cookie', after).expect(200, { cart: [] })
  })

  it('L2: after login, the pre-login cookie replayed is not authenticated', async () => {
    const { app } = setup()
    const before = cookiePair(await request(app).post('/cart').send({ item: 'x' }))
    await request(app).post('/login').set('Cookie', before).send({ userId: 1 }).expect(200)
    await request(app).get('/me').set('Cookie', before).expect(401)
    await request(app).get('/cart').set('Cookie', before).expect(200, { cart: [] })
  })

  it('L3: a validly signed, never-issued id is not adopted and creates no store entry', async () => {
    const { app, store } = setup()
    const planted = 'A'.repeat(43)
    const signed = createSigner({ secretKey: TEST_SECRET, salt: 'session-testkit.reference:id:session', keyDerivation: 'hmac' }).sign(planted)
    const res = await request(app).post('/cart').set('Cookie', `session=${signed}`).send({ item: 'x' }).expect(200)
    expect(store.gets).toEqual([planted])
    expect(idOf(cookiePair(res))).not.toBe(planted)
    expect(store.written.has(planted)).toBe(false)
  })

  it('T1: a tampered id signature gives an anonymous session without any store lookup', async () => {
    const { app, store } = setup()
    const value = cookieValue(await request(app).post('/login').send({ userId: 1 }))
    store.gets.length = 0
    for (const changed of [`${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`, `B${value.slice(1)}`, value.split('.')[0] ?? '']) {
      await request(app).get('/me').set('Cookie', `session=${changed}`).expect(401)
    }
    expect(store.gets).toEqual([])
  })

  it('K3: an id cookie signed with a fallback key is re-issued under the current key, same id', async () => {
    const store = makeStore()
    const old = createReferenceApp({ config: { store, secretKey: TEST_FALLBACK } })
    const cookie = cookiePair(await request(old.app).post('/login').send({ userId: 1 }))
    const { app, format } = createReferenceApp({ config: { store, secretKeyFallbacks: [TEST_FALLBACK] } })
    const res = await request(app).get('/me').set('Cookie', cookie).expect(200)
    expect(idOf(cookiePair(res))).toBe(idOf(cookie))
    expect((await format.read(new Map([['session', cookieValue(res)]])))?.keyIndex).toBe(0)
  })

  it('L5/L6: logout destroys the entry, sends a deletion header, and the captured cookie is anonymous', async () => {
    const { app, store } = setup()
    const cookie = cookiePair(await request(app).post('/login').send({ userId: 1 }))
    const res = await request(app).post('/logout').set('Cookie', cookie).expect(204)
    expect(setCookieFor(res)).toMatch(/^session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\/; Secure; HttpOnly; SameSite=Lax$/)
    expect(await store.get(idOf(cookie))).toBeNull()
    await request(app).get('/me').set('Cookie', cookie).expect(401)
  })

  it('L7: the server ends an idle session from the stored timing (not the store TTL), and removes the entry', async () => {
    const { app, store } = setup({ idleTimeoutSeconds: 600 }, true)
    const cookie = cookiePair(await request(app).post('/login').send({ userId: 1 }))
    vi.setSystemTime(t0.getTime() + 500_000)
    await request(app).get('/me').set('Cookie', cookie).expect(200)
    vi.setSystemTime(t0.getTime() + 1_000_000)
    await request(app).get('/me').set('Cookie', cookie).expect(200)
    vi.setSystemTime(t0.getTime() + 1_700_000)
    await request(app).get('/me').set('Cookie', cookie).expect(401)
    expect(store.written.has(idOf(cookie))).toBe(false)
  })

  it('L8: the server ends a session past absoluteTimeoutSeconds even while it is used', async () => {
    const { app } = setup({ absoluteTimeoutSeconds: 3600, idleTimeoutSeconds: 1800 }, true)
    const cookie = cookiePair(await request(app).post('/login').send({ userId: 1 }))
    for (const minute of [20, 40, 60]) {
      vi.setSystemTime(t0.getTime() + minute * 60_000)
      await request(app).get('/me').set('Cookie', cookie).expect(200)
    }
    vi.setSystemTime(t0.getTime() + 3_601_000)
    await request(app).get('/me').set('Cookie', cookie).expect(401)
  })

  it('A9: a permanent session cookie carries Max-Age and Expires that agree, capped by the absolute timeout', async () => {
    const { app } = setup({ permanent: true, lifetimeSeconds: 86_400, absoluteTimeoutSeconds: 7200 })
    const header = setCookieFor(await request(app).post('/login').send({ userId: 1 })) ?? ''
    expect(attribute(header, 'Max-Age')).toBe('7200')
    expect(attribute(header, 'Expires')).toBe(new Date(t0.getTime() + 7_200_000).toUTCString())
  })
})

describe('createSessionMiddleware(config) with a server-side store', () => {
  it('fails closed with 503 when the store cannot be read', async () => {
    const broken: SessionStore = {
      kind: 'broken',
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.resolve(),
      destroy: () => Promise.resolve(),
    }
    const { app, config } = createReferenceApp({ config: { store: broken } })
    const cookie = `session=${createSigner({ secretKey: config.secretKey, salt: 'session-testkit.reference:id:session', keyDerivation: 'hmac' }).sign('A'.repeat(43))}`
    await request(app).get('/me').set('Cookie', cookie).expect(503)
  })

  it('fails closed with 503 and no cookie when the store cannot save', async () => {
    const broken: SessionStore = {
      kind: 'broken',
      get: () => Promise.resolve(null),
      set: () => Promise.reject(new StoreError('down')),
      destroy: () => Promise.resolve(),
    }
    const res = await request(createReferenceApp({ config: { store: broken } }).app).post('/login').send({ userId: 1 }).expect(503)
    expect(setCookies(res)).toEqual([])
  })

  it('L14: a request still running when logout happens does not resurrect the session', async () => {
    const store = stores.memory()
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const app = express()
    app.use(createSessionMiddleware({ secretKey: TEST_SECRET, store }))
    app.post('/login', (req, res) => ((getSession(req).data.user_id = 1), res.end()))
    app.post('/slow', async (req, res) => {
      await gate
      getSession(req).data.late = true
      res.end()
    })
    app.post('/logout', async (req, res) => (await logout(req), res.end()))
    const cookie = cookiePair(await request(app).post('/login'))
    const slow = request(app).post('/slow').set('Cookie', cookie).then((r) => r)
    await vi.waitFor(() => expect(store.size).toBe(1))
    await request(app).post('/logout').set('Cookie', cookie).expect(200)
    release()
    await slow
    expect(store.size).toBe(0)
  })

  it('without useSigner, a bare id works and a path-like id is never looked up', async () => {
    const store = spied(stores.memory())
    const { app } = createReferenceApp({ config: { store, useSigner: false } })
    const cookie = cookiePair(await request(app).post('/login').send({ userId: 1 }))
    expect(cookie).toMatch(/^session=[A-Za-z0-9_-]{43}$/)
    await request(app).get('/me').set('Cookie', cookie).expect(200)
    store.gets.length = 0
    await request(app).get('/me').set('Cookie', 'session=../../../etc/passwd').expect(401)
    expect(store.gets).toEqual([])
  })
})

import request from 'supertest'
import { describe, expect, it, vi } from 'vitest'
import { createTestClient } from '../../src/client/create-test-client.js'
import { readSession } from '../../src/client/read-session.js'
import { sessionTransaction } from '../../src/client/session-transaction.js'
import { BadSignatureError, SessionExpiredError } from '../../src/errors.js'
import { reference } from '../../src/formats/reference.js'
import type { FormatCookie } from '../../src/formats/types.js'
import { stores } from '../../src/stores/index.js'
import type { SessionStore } from '../../src/stores/types.js'
import { createReferenceApp, TEST_FALLBACK, TEST_SECRET } from '../support/reference-app.js'
import { cookieValue } from '../support/set-cookie-headers.js'
import { freezeDateEachTest } from '../support/freeze-date.js'

const t0 = new Date('2026-03-01T12:00:00Z')
const cookieHeader = (cookies: FormatCookie[]): string => cookies.map((c) => `${c.name}=${c.value}`).join('; ')

describe.each([
  ['cookie storage', (): SessionStore | undefined => undefined],
  ['stores.memory()', (): SessionStore | undefined => stores.memory()],
])('reference(config) with %s', (_name, makeStore) => {
  freezeDateEachTest(t0)

  const setup = (config = {}) => {
    const store = makeStore()
    return createReferenceApp({ config: { ...(store ? { store } : {}), ...config } })
  }

  it('writes a session the middleware accepts (inject → app sees user_id)', async () => {
    const { app, format } = setup()
    const cookies = await format.write({ user_id: 2 }, null)
    await request(app).get('/me').set('Cookie', cookieHeader(cookies)).expect(200, { user_id: 2 })
  })

  it('reads the session the middleware sets (app sets → read decodes)', async () => {
    const { app, format } = setup()
    const res = await request(app).post('/login').send({ userId: 1 }).expect(200)
    const read = await format.read(new Map([['session', cookieValue(res)]]))
    expect(read).toMatchObject({ data: { user_id: 1, session_version: 0 }, keyIndex: 0, issuedAt: t0 })
    expect(read?.id === undefined).toBe(format.serverSide === false)
  })

  it('keeps the id of a previous read when writing back', async () => {
    const { app, format } = setup()
    const res = await request(app).post('/cart').send({ item: 'a' })
    const previous = await format.read(new Map([['session', cookieValue(res)]]))
    const cookies = await format.write({ ...previous?.data, user_id: 1 }, previous)
    expect(cookies[0]?.value === cookieValue(res)).toBe(format.serverSide)
    await request(app).get('/cart').set('Cookie', cookieHeader(cookies)).expect(200, { cart: ['a'] })
  })

  it('writes the cookie attributes the middleware sets', async () => {
    const { format } = setup({ permanent: true, lifetimeSeconds: 3600 })
    const [cookie] = await format.write({ user_id: 1 }, null)
    expect(cookie).toMatchObject({ name: 'session', path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 3600, expires: new Date(t0.getTime() + 3_600_000) })
  })

  it('K1/K3: reports keyIndex 1 for a cookie the fallback key signed', async () => {
    const store = makeStore()
    const base = { secretKey: TEST_FALLBACK, ...(store ? { store } : {}) }
    const [old] = await reference(base).write({ user_id: 1 }, null)
    const rotated = reference({ ...base, secretKey: TEST_SECRET, secretKeyFallbacks: [TEST_FALLBACK] })
    expect((await rotated.read(new Map([['session', old?.value ?? '']])))?.keyIndex).toBe(1)
  })

  it('returns null without a session cookie and throws BadSignatureError for a tampered one', async () => {
    const { format } = setup()
    expect(await format.read(new Map())).toBeNull()
    const [cookie] = await format.write({ user_id: 1 }, null)
    await expect(format.read(new Map([['session', `x${cookie?.value ?? ''}`]]))).rejects.toThrow(BadSignatureError)
  })

  it('L9: throws SessionExpiredError for a session past its lifetime', async () => {
    const { format } = setup({ lifetimeSeconds: 60 })
    const [cookie] = await format.write({ user_id: 1 }, null)
    vi.setSystemTime(t0.getTime() + 60_500)
    await expect(format.read(new Map([['session', cookie?.value ?? '']]))).rejects.toThrow(SessionExpiredError)
  })

  it('round-trips through createTestClient, sessionTransaction and readSession', async () => {
    const { app, format } = setup()
    const client = createTestClient(app, { session: format, origin: 'https://app.test' })
    await sessionTransaction(client, (s) => {
      s.user_id = 2
    })
    await client.get('/me').expect(200, { user_id: 2 })
    await client.post('/cart').send({ item: 'book' }).expect(200)
    expect(await readSession(client)).toMatchObject({ user_id: 2, cart: ['book'] })
    await client.close()
  })
})

describe('reference(config) with a server-side store', () => {
  it('hasStoredSession(id) follows the store entry through logout', async () => {
    const { app, format } = createReferenceApp({ config: { store: stores.memory() } })
    const res = await request(app).post('/login').send({ userId: 1 })
    const read = await format.read(new Map([['session', cookieValue(res)]]))
    expect(await format.hasStoredSession?.(read?.id ?? '')).toBe(true)
    await request(app).post('/logout').set('Cookie', `session=${cookieValue(res)}`).expect(204)
    expect(await format.hasStoredSession?.(read?.id ?? '')).toBe(false)
  })
})

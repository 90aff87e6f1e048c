import { createTestClient, formats, readSession, sessionTransaction } from 'session-testkit'
import { stores } from 'session-testkit/reference'
import { describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const secretKey = 'example-only-secret-0123456789abcdef0123'
const credentials = { email: 'ada@example.test', password: 'correct horse battery staple' }

describe('the reference example app', () => {
  it('logs in, sees the user, logs out', async () => {
    await using client = createTestClient(createApp({ secretKey }), { origin: 'https://app.test' })
    await client.get('/me').expect(401)
    await client.post('/login').send(credentials).expect(200, { user_id: 1 })
    await client.get('/me').expect(200, { user_id: 1 })
    await client.post('/logout').expect(204)
    await client.get('/me').expect(401)
    expect(await client.cookies()).toEqual([])
  })

  it('rejects a wrong password without setting a cookie', async () => {
    await using client = createTestClient(createApp({ secretKey }), { origin: 'https://app.test' })
    const res = await client.post('/login').send({ ...credentials, password: 'nope' }).expect(401)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('gives a fresh session id on login (no fixation)', async () => {
    await using client = createTestClient(createApp({ secretKey }), { origin: 'https://app.test' })
    await client.post('/login').send(credentials).expect(200)
    const first = await client.cookieHeader()
    await client.post('/login').send(credentials).expect(200)
    expect(await client.cookieHeader()).not.toBe(first)
    await client.request('get', '/me', { cookies: first }).expect(401)
  })

  it('skips the login form with sessionTransaction', async () => {
    const store = stores.memory()
    const app = createApp({ secretKey, store })
    // The same configuration as the app's middleware: the format writes what the app reads.
    const session = formats.reference({ secretKey, store })
    await using client = createTestClient(app, { session, origin: 'https://app.test' })

    await sessionTransaction(client, (s) => { s.user_id = 1 })
    await client.get('/me').expect(200, { user_id: 1 })
    expect(await readSession(client)).toEqual({ user_id: 1 })
  })
})

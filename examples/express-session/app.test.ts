import { createTestClient, formats, readSession, sessionTransaction } from 'session-testkit'
import { describe, expect, it } from 'vitest'
import { app, secret, store } from './app.js'

const session = formats.expressSession({ secret, store })

describe('express-session app', () => {
  it('logs in through the form', async () => {
    await using client = createTestClient(app, { session })
    await client.post('/login').send({ email: 'ada@example.com', password: 'correct horse' }).expect(204)
    expect(await readSession(client)).toMatchObject({ user_id: 42 })
    await client.get('/me').expect(200, { user_id: 42 })
  })

  it('skips the form with sessionTransaction', async () => {
    await using client = createTestClient(app, { session })
    await sessionTransaction(client, (s) => { s.user_id = 42 })
    const res = await client.get('/me').expect(200)
    expect(res.body).toEqual({ user_id: 42 })
  })

  it('ends the session on logout', async () => {
    await using client = createTestClient(app, { session })
    await sessionTransaction(client, (s) => { s.user_id = 42 })
    await client.post('/logout').expect(204)
    expect(await readSession(client)).toBeNull()
    await client.get('/me').expect(401)
  })
})

import cookieSessionMiddleware from 'cookie-session'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { createTestClient, readSession, readSessionDetails, sessionTransaction } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { BadSignatureError, SessionKitError } from '../../src/errors.js'
import { cookieSession } from '../../src/formats/cookie-session.js'
import { closeClientsAfterEach } from '../support/close-clients.js'

function realApp(options: { path?: string } = {}): express.Express {
  const app = express()
  app.use(cookieSessionMiddleware({ keys: ['k1'], ...options }))
  app.get(['/me', '/app/me'], (req, res) => res.json((req.session as unknown as Record<string, unknown>) ?? null))
  return app
}

const track = closeClientsAfterEach()
function client(...args: Parameters<typeof createTestClient>): TestClient {
  return track(createTestClient(...args))
}

describe('sessionTransaction(client, fn)', () => {
  it('starts a new session when the client carries none, and resolves to the data written', async () => {
    const c = client(realApp(), { session: cookieSession({ keys: ['k1'] }) })
    const written = await sessionTransaction<{ user_id: number }>(c, (s) => { s.user_id = 42 })
    expect(written).toEqual({ user_id: 42 })
    await c.get('/me').expect(200, { user_id: 42 })
  })

  it('hands the callback a copy of the current session and accepts an async callback', async () => {
    const c = client(realApp(), { session: cookieSession({ keys: ['k1'] }) })
    await sessionTransaction(c, (s) => { s.user_id = 1 })
    await sessionTransaction(c, async (s) => {
      expect(s).toEqual({ user_id: 1 })
      await Promise.resolve()
      s.role = 'admin'
    })
    await c.get('/me').expect(200, { user_id: 1, role: 'admin' })
  })

  it('writes nothing when the callback throws', async () => {
    const c = client(realApp(), { session: cookieSession({ keys: ['k1'] }) })
    await sessionTransaction(c, (s) => { s.user_id = 1 })
    const before = await c.cookieHeader()
    await expect(sessionTransaction(c, (s) => {
      s.user_id = 2
      throw new Error('boom')
    })).rejects.toThrow('boom')
    expect(await c.cookieHeader()).toBe(before)
    expect(await readSession(c)).toEqual({ user_id: 1 })
  })

  it('throws BadSignatureError and writes nothing when the current cookie does not verify', async () => {
    const c = client(realApp(), { session: cookieSession({ keys: ['k1'] }) })
    await c.setCookie('session=eyJ1c2VyX2lkIjoxfQ==; Path=/')
    await c.setCookie('session.sig=forged; Path=/')
    await expect(sessionTransaction(c, (s) => { s.user_id = 2 })).rejects.toThrow(BadSignatureError)
    expect((await c.cookieMap()).get('session.sig')).toBe('forged')
  })

  it('reads and writes a session cookie scoped to a path', async () => {
    const c = client(realApp({ path: '/app' }), { session: cookieSession({ keys: ['k1'], path: '/app' }) })
    await sessionTransaction(c, (s) => { s.user_id = 5 })
    expect(await c.cookieHeader('/')).toBe('')
    await c.get('/app/me').expect(200, { user_id: 5 })
    expect(await readSession(c)).toEqual({ user_id: 5 })
  })

  it('throws a SessionKitError naming the jar problem when a Secure cookie meets an http origin', async () => {
    const c = client(realApp(), { session: cookieSession({ keys: ['k1'], secure: true }) })
    await expect(sessionTransaction(c, (s) => { s.user_id = 1 })).rejects.toThrow(/Secure.*https/)
  })
})

describe('readSession(client)', () => {
  it('is null only when no session cookie is present', async () => {
    const c = client(realApp(), { session: cookieSession({ keys: ['k1'] }) })
    expect(await readSession(c)).toBeNull()
    expect(await readSessionDetails(c)).toBeNull()
    await c.setCookie('session=eyJ1c2VyX2lkIjoxfQ==; Path=/')
    await expect(readSession(c)).rejects.toThrow(BadSignatureError)
  })
})

describe('when the client has no session format', () => {
  it('sessionTransaction, readSession and readSessionDetails throw a SessionKitError saying what to pass', async () => {
    const c = client(realApp())
    for (const call of [() => sessionTransaction(c, () => undefined), () => readSession(c), () => readSessionDetails(c)]) {
      await expect(call()).rejects.toThrow(SessionKitError)
      await expect(call()).rejects.toThrow(/\{ session: formats\./)
    }
  })
})

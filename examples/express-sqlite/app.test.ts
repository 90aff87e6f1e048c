import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createTestClient, formats, readSession, repositories, seedUsers, sessionTransaction, type User, type UserRepository } from 'session-testkit'
import { stores, type SessionConfig } from 'session-testkit/reference'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'

const dir = mkdtempSync(join(tmpdir(), 'stk-express-sqlite-'))
const dbPath = join(dir, 'app.db')
const session: SessionConfig = { secretKey: 'example-only-secret-0123456789abcdef0123', store: stores.memory() }
let repo: UserRepository
let seeded: User[]

beforeAll(async () => {
  repo = repositories.sqlite(dbPath)
  seeded = await seedUsers(repo, { count: 5, seed: 42, admins: 1, password: 'seeded-password' })
})
afterAll(async () => {
  await repo.close()
  rmSync(dir, { recursive: true, force: true })
})

const client = () => createTestClient(createApp({ users: repo, session }), { session: formats.reference(session), origin: 'https://app.test' })
const user = (index: number): User => {
  const found = seeded[index]
  if (found === undefined) throw new Error(`no seeded user ${index}`)
  return found
}

describe('the express-sqlite example app', () => {
  it('logs in for real with a seeded user\u2019s password, then logs out', async () => {
    await using c = client()
    const admin = user(0)
    await c.get('/me').expect(401)
    await c.post('/login').send({ email: admin.email, password: admin.password }).expect(200, { user_id: admin.id })
    await c.get('/me').expect(200, { id: admin.id, email: admin.email, name: admin.name, role: 'admin' })
    expect(await readSession(c)).toMatchObject({ user_id: admin.id, session_version: 1 })
    await c.post('/logout').expect(204)
    await c.get('/me').expect(401)
  })

  it('rejects a wrong password and an unknown email alike', async () => {
    await using c = client()
    const wrong = await c.post('/login').send({ email: user(1).email, password: 'not-the-password' })
    const unknown = await c.post('/login').send({ email: 'nobody@example.test', password: 'seeded-password' })
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.headers['set-cookie']).toBeUndefined()
  })

  it('logs in by injection with sessionTransaction (no login form)', async () => {
    await using c = client()
    const member = user(2)
    await sessionTransaction(c, (s) => {
      s.user_id = member.id
      s.session_version = member.sessionVersion
    })
    const me = await c.get('/me')
    expect(me.status).toBe(200)
    expect(me.body).toEqual({ id: member.id, email: member.email, name: member.name, role: 'user' })
  })

  it('L10: bumping the user\u2019s sessionVersion ends the injected session', async () => {
    await using c = client()
    const member = user(3)
    await sessionTransaction(c, (s) => {
      s.user_id = member.id
      s.session_version = member.sessionVersion
    })
    expect((await c.get('/me')).status).toBe(200)
    const db = new Database(dbPath)
    db.prepare('UPDATE users SET session_version = session_version + 1 WHERE id = ?').run(member.id)
    db.close()
    expect((await c.get('/me')).status).toBe(401)
  })

  it('registers a new user who can log in, and a seed reset keeps them', async () => {
    await using c = client()
    const res = await c.post('/register').send({ email: 'new@app.test', name: 'New User', password: 'brand-new-pw' }).expect(201)
    const id = (res.body as { user_id: string }).user_id
    await c.get('/me').expect(200, { id, email: 'new@app.test', name: 'New User', role: 'user' })
    await c.post('/register').send({ email: 'new@app.test', name: 'Again', password: 'brand-new-pw' }).expect(409)
    await c.post('/logout').expect(204)
    await c.post('/login').send({ email: 'new@app.test', password: 'brand-new-pw' }).expect(200, { user_id: id })
    expect(await repo.removeSeeded()).toBe(5)
    expect(await repo.findByEmail('new@app.test')).toMatchObject({ id, name: 'New User' })
  })
})

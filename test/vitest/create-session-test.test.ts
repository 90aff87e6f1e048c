/* eslint vitest/no-standalone-expect: ["error", { "additionalTestBlockFunctions": ["it", "custom", "composed"] }] */
import { describe, expect, test } from 'vitest'
import { readSession } from '../../src/client/index.js'
import { createUserFactory } from '../../src/fixtures/index.js'
import { cookieSession, expressSession } from '../../src/formats/index.js'
import { createSessionTest, sessionFixtures } from '../../src/vitest/index.js'
import { cookieSessionApp, expressSessionApp, PEER_SECRET } from './peer-apps.js'

const peer = expressSessionApp('default')
const session = expressSession({ secret: PEER_SECRET, store: peer.store })
const it = createSessionTest({ app: peer.app, session, users: createUserFactory({ seed: 1 }) })

describe('createSessionTest({ app, session, users })', () => {
  it('loginAs(user) logs the client in by injection (session.user_id = user.id)', async ({ client, user, loginAs }) => {
    await client.get('/me').expect(401)
    await loginAs(user)
    await client.get('/me').expect(200, { user_id: user.id })
    await expect(client).toHaveSession({ user_id: user.id })
  })

  it('gives each test a fresh client', async ({ client }) => {
    expect(await client.cookies()).toEqual([])
    expect(await readSession(client)).toBeNull()
  })

  it('builds user and admin from the factory', ({ user, admin }) => {
    expect(user).toMatchObject({ role: 'user', email: expect.stringContaining('@example.test') })
    expect(admin.role).toBe('admin')
    expect(admin.id).not.toBe(user.id)
  })

  it('works with the lifecycle matchers', async ({ client, user, loginAs }) => {
    await loginAs(user)
    await expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })
  })
})

describe('createSessionTest({ login })', () => {
  const cookiePeer = cookieSessionApp('default')
  const custom = createSessionTest({
    app: cookiePeer.app,
    session: cookieSession({ keys: [PEER_SECRET] }),
    users: createUserFactory({ seed: 2 }),
    login: (data, user) => {
      data.user_id = 99
      data.email = user.email
    },
  })

  custom('marks the session the way login says', async ({ client, user, loginAs }) => {
    await loginAs(user)
    await client.get('/me').expect(200, { user_id: 99 })
    await expect(client).toHaveSession({ user_id: 99, email: user.email })
  })
})

describe('sessionFixtures(options)', () => {
  const fixtures = sessionFixtures({ app: peer.app, session })
  const composed = test.extend(fixtures)

  composed('composes into a custom test.extend', async ({ client }) => {
    const res = await client.get('/me')
    expect(res.status).toBe(401)
  })

  test('throws TypeError from user and admin when no factory was given', async () => {
    await expect(fixtures.user({}, async () => {})).rejects.toThrow(TypeError)
    await expect(fixtures.admin({}, async () => {})).rejects.toThrow(/needs a user factory/)
  })
})

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestClient } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { startRedis, type RedisServer } from '../../src/redis/index.js'
import { redisStore } from '../../src/stores/redis.js'
import type { StoredSession } from '../../src/stores/types.js'
import { referenceApp } from './reference-app.js'

const session = (i: number): StoredSession => ({ data: { user_id: i }, meta: { createdAt: i, lastSeenAt: i, permanent: false } })

let redis: RedisServer<true>
beforeAll(async () => {
  redis = await startRedis({ cluster: true })
})
afterAll(async () => {
  await redis.stop()
})

describe('startRedis({ cluster: true })', () => {
  it('starts three masters that share the 16384 slots', async () => {
    expect(redis.cluster).toBe(true)
    expect(redis.nodes).toHaveLength(3)
    const client = redis.client()
    const slots = await client.cluster('SLOTS')
    expect(slots).toHaveLength(3)
    const covered = slots.reduce((sum, [from, to]) => sum + (Number(to) - Number(from) + 1), 0)
    expect(covered).toBe(16384)
  })
})

describe('redisStore(cluster)', () => {
  it('stores, touches and destroys sessions in every hash slot range', async () => {
    const scope = redis.scope()
    const client = scope.client()
    const store = redisStore(client, { prefix: `${scope.keyPrefix}sess:` })
    for (let i = 0; i < 60; i++) await store.set(`id-${i}`, session(i), 600)
    const perNode = await Promise.all(client.nodes('master').map((node) => node.dbsize()))
    expect(perNode.every((n) => n > 0)).toBe(true)
    for (let i = 0; i < 60; i++) await expect(store.get(`id-${i}`)).resolves.toEqual(session(i))
    await store.touch('id-3', { data: {}, meta: { ...session(3).meta, lastSeenAt: 99 } }, 1200)
    await expect(store.get('id-3')).resolves.toEqual({ data: { user_id: 3 }, meta: { ...session(3).meta, lastSeenAt: 99 } })
    await store.destroy('id-4')
    await expect(store.get('id-4')).resolves.toBeNull()
  })

  it('cleanup() removes the prefix on every master and nothing else', async () => {
    const scope = redis.scope()
    const client = scope.client()
    for (let i = 0; i < 40; i++) await client.set(`${scope.keyPrefix}k${i}`, '1')
    await client.set('foreign:{a}', 'keep')
    await client.set('foreign:{b}', 'keep')
    await expect(scope.cleanup()).resolves.toBe(40)
    await expect(client.mget('foreign:{a}')).resolves.toEqual(['keep'])
    await expect(client.get('foreign:{b}')).resolves.toBe('keep')
  })
})

describe('two reference apps behind one cluster', () => {
  const servers: http.Server[] = []
  const clients: TestClient[] = []
  let a: TestClient
  let b: TestClient

  const listen = async (server: http.Server): Promise<string> => {
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  beforeAll(async () => {
    const scope = redis.scope('apps')
    const prefix = `${scope.keyPrefix}sess:`
    // Each instance has its own Cluster client, as two processes would.
    a = createTestClient(await listen(http.createServer(referenceApp(redisStore(scope.client(), { prefix })))), { origin: 'https://app.test' })
    b = createTestClient(await listen(http.createServer(referenceApp(redisStore(scope.client(), { prefix })))), { origin: 'https://app.test' })
    clients.push(a, b)
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  })

  it('share sessions: log in on one, recognised by the other; log out on one, rejected by both', async () => {
    await a.post('/login/42').expect(200)
    const cookie = await a.cookieHeader()
    expect(cookie).toMatch(/^session=/)
    await b.request('get', '/me', { cookies: cookie }).expect(200, { user_id: 42, note: null })
    await b.request('post', '/note/from-b', { cookies: cookie }).expect(200)
    await a.get('/me').expect(200, { user_id: 42, note: 'from-b' })

    await b.request('post', '/logout', { cookies: cookie }).expect(204)
    await a.get('/me').expect(401)
    await b.request('get', '/me', { cookies: cookie }).expect(401)
  })
})

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestClient } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { injectRedis, type RedisServer, type RedisSessionStore } from '../../src/redis/index.js'
import { stores } from '../../src/reference/index.js'
import { referenceApp } from './reference-app.js'

let redis: RedisServer<boolean>
let store: RedisSessionStore
let server: http.Server
let base: string
const clients: TestClient[] = []
const newClient = (): TestClient => {
  const client = createTestClient(base, { origin: 'https://app.test' })
  clients.push(client)
  return client
}

beforeAll(async () => {
  redis = await injectRedis('reference-app')
  // The reference entry's stores.redis, on an ioredis client the app created.
  store = stores.redis(redis.client(), { prefix: `${redis.keyPrefix}sess:` })
  server = http.createServer(referenceApp(store))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()))
  await new Promise((resolve) => server.close(resolve))
  await redis.stop()
})

/** The session ids held in Redis under the store's prefix. */
async function storedIds(): Promise<string[]> {
  const keys: string[] = []
  const client = redis.client()
  let cursor = '0'
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${store.prefix}*`, 'COUNT', 1000)
    cursor = next
    keys.push(...batch)
  } while (cursor !== '0')
  return keys.map((k) => k.slice(store.prefix.length))
}

describe('createSessionMiddleware({ store: stores.redis(client) })', () => {
  it('L1: login stores a new session in Redis with the lifetime as TTL', async () => {
    const client = newClient()
    const before = new Set(await storedIds())
    await client.post('/login/5').expect(200)
    const added = (await storedIds()).filter((id) => !before.has(id))
    expect(added).toHaveLength(1)
    const entry = await store.get(added[0] as string)
    expect(entry?.data).toEqual({ user_id: 5 })
    const ttl = await redis.client().ttl(store.key(added[0] as string))
    expect(ttl).toBeGreaterThan(7 * 86_400 - 60)
    await client.get('/me').expect(200, { user_id: 5, note: null })
  })

  it('L6: logout destroys the Redis entry and the captured cookie is rejected', async () => {
    const client = newClient()
    await client.post('/login/6').expect(200)
    const captured = await client.cookieHeader()
    const before = await storedIds()
    await client.post('/logout').expect(204)
    expect((await storedIds()).length).toBe(before.length - 1)
    await client.request('get', '/me', { cookies: captured }).expect(401)
  })

  it('500 concurrent requests from 50 sessions: no session is lost or mixed up', async () => {
    const sessions = Array.from({ length: 50 }, (_, i) => ({ userId: 1000 + i, client: newClient() }))
    for (const s of sessions) await s.client.post(`/login/${s.userId}`).expect(200)
    const idsBefore = new Set(await storedIds())

    const results = await Promise.all(sessions.flatMap((s) =>
      Array.from({ length: 10 }, async (_, n) => {
        // Half read, half write, all at once.
        const res = n % 2 === 0 ? await s.client.get('/me') : await s.client.post(`/note/u${s.userId}-${n}`)
        return { expected: s.userId, status: res.status, userId: (res.body as { user_id: unknown }).user_id }
      })))

    expect(results).toHaveLength(500)
    expect(results.filter((r) => r.status !== 200 || r.userId !== r.expected)).toEqual([])
    // Every session still resolves to its own user, its note written by one of its own requests.
    for (const s of sessions) {
      const res = await s.client.get('/me').expect(200)
      expect(res.body.user_id).toBe(s.userId)
      expect(res.body.note).toMatch(new RegExp(`^u${s.userId}-\\d$`))
    }
    expect(new Set(await storedIds())).toEqual(idsBefore)
  })
})

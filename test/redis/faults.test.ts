import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestClient } from '../../src/client/index.js'
import { StoreError } from '../../src/errors.js'
import { startRedis, type RedisServer } from '../../src/redis/index.js'
import type { StoredSession } from '../../src/stores/types.js'
import type { TestClient } from '../../src/client/types.js'
import { referenceApp } from './reference-app.js'

const TIMEOUT_MS = 300
/** Time allowed on top of the store's bound: scheduling on a loaded 2-core CI machine. */
const SLACK_MS = 1500
const session: StoredSession = { data: { user_id: 7 }, meta: { createdAt: 1, lastSeenAt: 1, permanent: false } }

/** Retries `op` until it resolves (each try is itself bounded by the store), at most `limitMs`. */
async function eventually<T>(op: () => Promise<T>, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs
  for (;;) {
    try {
      return await op()
    } catch (error) {
      if (Date.now() > deadline) throw error
    }
  }
}

async function timed<T>(promise: Promise<T>): Promise<{ result: PromiseSettledResult<T>; ms: number }> {
  const started = performance.now()
  const [result] = await Promise.allSettled([promise])
  return { result: result as PromiseSettledResult<T>, ms: performance.now() - started }
}

let redis: RedisServer
beforeAll(async () => {
  // An fsync'd AOF in the kit's temp directory: a killed and restarted server keeps its sessions.
  redis = await startRedis({ strategy: 'binary', persistence: true })
})
afterAll(async () => {
  await redis.stop()
})
afterEach(async () => {
  // Whatever a test did to the server, the next one finds it running.
  await redis.resume()
  await redis.restart()
})

describe('redisStore when the server is killed', () => {
  it('fails closed with StoreError within the bound, then recovers after restart', async () => {
    const store = redis.scope().store({ timeoutMs: TIMEOUT_MS })
    await store.set('s1', session, 600)
    await redis.kill()

    const read = await timed(store.get('s1'))
    expect(read.result.status).toBe('rejected')
    expect((read.result as PromiseRejectedResult).reason).toBeInstanceOf(StoreError)
    expect(String((read.result as PromiseRejectedResult).reason)).toMatch(/did not answer GET within 300 ms/)
    expect(read.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS)
    // A write is refused, not dropped silently.
    await expect(store.set('s2', session, 600)).rejects.toThrow(StoreError)

    await redis.restart()
    await expect(eventually(() => store.get('s1'))).resolves.toEqual(session)
    await store.set('s2', session, 600)
    await expect(store.get('s2')).resolves.toEqual(session)
  })
})

describe('redisStore when the server hangs (SIGSTOP)', () => {
  it('fails closed within the bound and reads the intact session after resume', async () => {
    const store = redis.scope().store({ timeoutMs: TIMEOUT_MS })
    await store.set('s1', session, 600)
    await redis.pause()
    const read = await timed(store.get('s1'))
    expect((read.result as PromiseRejectedResult).reason).toBeInstanceOf(StoreError)
    expect(read.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS)
    await redis.resume()
    await expect(eventually(() => store.get('s1'))).resolves.toEqual(session)
  })
})

describe('the reference app on Redis during an outage', () => {
  let server: http.Server
  let base: string
  const clients: TestClient[] = []
  const client = (): TestClient => {
    const c = createTestClient(base, { origin: 'https://app.test' })
    clients.push(c)
    return c
  }
  beforeAll(async () => {
    server = http.createServer(referenceApp(redis.scope('app').store({ timeoutMs: TIMEOUT_MS })))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await new Promise((resolve) => server.close(resolve))
  })

  it('answers 503 through the error handler within the bound, keeps the cookie, and recognises the user after restart', async () => {
    const alice = client()
    await alice.post('/login/1').expect(200)
    const cookieBefore = await alice.cookieHeader()
    await redis.kill()

    const started = performance.now()
    const res = await alice.get('/me')
    expect(res.status).toBe(503)
    expect(res.body).toEqual({ error: 'StoreError' })
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS)
    await alice.post('/login/2').expect(503)
    expect(await alice.cookieHeader()).toBe(cookieBefore)

    await redis.restart()
    const back = await eventually(async () => {
      const r = await alice.get('/me')
      if (r.status === 503) throw new Error('still 503')
      return r
    })
    expect(back.status).toBe(200)
    expect(back.body).toEqual({ user_id: 1, note: null })
  })

  it('answers 503 while the server hangs and loses no session data', async () => {
    const bob = client()
    await bob.post('/login/2').expect(200)
    await bob.post('/note/before').expect(200)
    await redis.pause()
    await bob.get('/me').expect(503)
    await bob.post('/note/during').expect(503)
    await redis.resume()
    const res = await eventually(async () => {
      const r = await bob.get('/me')
      if (r.status === 503) throw new Error('still 503')
      return r
    })
    expect(res.body.user_id).toBe(2)
    // The write attempted during the hang was refused (503) or applied late, never half-done.
    expect(['before', 'during']).toContain(res.body.note)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, StoreError } from '../../src/errors.js'
import { injectRedis, redisStore, type RedisServer } from '../../src/redis/index.js'
import type { StoredSession } from '../../src/stores/types.js'

const meta = { createdAt: 1_700_000_000_000, lastSeenAt: 1_700_000_000_500, permanent: true }
const session = (data: Record<string, unknown>): StoredSession => ({ data, meta: { ...meta } })

let redis: RedisServer<boolean>
beforeAll(async () => {
  redis = await injectRedis('redis-store')
})
afterAll(async () => {
  await redis.stop()
})

describe('redisStore(client, options)', () => {
  it('reads null for an id it never stored', async () => {
    const store = redis.scope().store()
    await expect(store.get('never-issued')).resolves.toBeNull()
  })

  it('stores the session as a JSON value under prefix + id', async () => {
    const scope = redis.scope()
    const store = scope.store({ prefix: `${scope.keyPrefix}s:` })
    await store.set('abc', session({ user_id: 42, name: 'Zoë ; "x"' }), 600)
    const raw = await scope.client().get(`${scope.keyPrefix}s:abc`)
    expect(JSON.parse(raw ?? 'null')).toEqual({ meta, data: { user_id: 42, name: 'Zoë ; "x"' } })
    expect(store.key('abc')).toBe(`${scope.keyPrefix}s:abc`)
    await expect(store.get('abc')).resolves.toEqual(session({ user_id: 42, name: 'Zoë ; "x"' }))
  })

  it('round-trips nested data, arrays and empty containers byte for byte', async () => {
    const store = redis.scope().store()
    const data = { list: [1, 'two', null, { three: [] }], empty: {}, big: 2 ** 53 - 1, float: 0.1 + 0.2 }
    await store.set('nested', session(data), 60)
    await expect(store.get('nested')).resolves.toEqual(session(data))
  })

  it('sets the TTL to the session lifetime it is given', async () => {
    const scope = redis.scope()
    const store = scope.store()
    await store.set('ttl', session({}), 3600)
    await expect(scope.client().ttl(store.key('ttl'))).resolves.toBeGreaterThan(3590)
  })

  it('uses options.ttlSeconds instead of the lifetime when given', async () => {
    const scope = redis.scope()
    const store = scope.store({ ttlSeconds: 90 })
    await store.set('fixed', session({}), 3600)
    const ttl = await scope.client().ttl(store.key('fixed'))
    expect(ttl).toBeGreaterThan(80)
    expect(ttl).toBeLessThanOrEqual(90)
  })

  it('removes the entry instead of writing it when the lifetime is over', async () => {
    const scope = redis.scope()
    const store = scope.store()
    await store.set('old', session({ a: 1 }), 60)
    await store.set('old', session({ a: 2 }), 0)
    await expect(scope.client().exists(store.key('old'))).resolves.toBe(0)
  })

  it('destroy() deletes the entry', async () => {
    const store = redis.scope().store()
    await store.set('bye', session({ user_id: 1 }), 60)
    await store.destroy('bye')
    await expect(store.get('bye')).resolves.toBeNull()
  })

  describe('touch(id, session, ttl)', () => {
    it('refreshes the TTL and the meta without rewriting the data', async () => {
      const scope = redis.scope()
      const store = scope.store()
      await store.set('t', session({ cart: [1, 2] }), 60)
      // Another request changed the data since this one loaded the session.
      await store.set('t', session({ cart: [1, 2, 3] }), 60)
      const later = { ...meta, lastSeenAt: meta.lastSeenAt + 30_000 }
      await store.touch('t', { data: { cart: [1, 2] }, meta: later }, 3600)
      await expect(store.get('t')).resolves.toEqual({ data: { cart: [1, 2, 3] }, meta: later })
      await expect(scope.client().ttl(store.key('t'))).resolves.toBeGreaterThan(3590)
    })

    it('L14: does not bring back a session destroyed meanwhile', async () => {
      const store = redis.scope().store()
      await store.set('gone', session({ user_id: 7 }), 60)
      await store.destroy('gone')
      await store.touch('gone', session({ user_id: 7 }), 60)
      await expect(store.get('gone')).resolves.toBeNull()
    })
  })

  describe('update(id, session, ttl)', () => {
    it('rewrites an existing entry and its TTL', async () => {
      const scope = redis.scope()
      const store = scope.store()
      await store.set('u', session({ views: 0 }), 60)
      await store.update('u', session({ views: 1 }), 3600)
      await expect(store.get('u')).resolves.toEqual(session({ views: 1 }))
      await expect(scope.client().ttl(store.key('u'))).resolves.toBeGreaterThan(3590)
    })

    it('L14: does not bring back a session destroyed meanwhile', async () => {
      const store = redis.scope().store()
      await store.set('gone-u', session({ user_id: 7 }), 60)
      await store.destroy('gone-u')
      await store.update('gone-u', session({ user_id: 7 }), 60)
      await expect(store.get('gone-u')).resolves.toBeNull()
    })
  })

  describe('when the entry is not a stored session', () => {
    it('throws StoreError for a value that is not JSON', async () => {
      const scope = redis.scope()
      const store = scope.store()
      await scope.client().set(store.key('junk'), 'not json', 'EX', 60)
      await expect(store.get('junk')).rejects.toThrow(StoreError)
    })

    it('throws StoreError for JSON without session meta', async () => {
      const scope = redis.scope()
      const store = scope.store()
      await scope.client().set(store.key('shape'), '{"data":{}}', 'EX', 60)
      await expect(store.get('shape')).rejects.toThrow(/not a stored session/)
    })
  })

  it('S2: drops __proto__ keys, so the data pollutes no prototype', async () => {
    const scope = redis.scope()
    const store = scope.store()
    const raw = `{"meta":${JSON.stringify(meta)},"data":{"user_id":1,"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}}`
    await scope.client().set(store.key('evil'), raw, 'EX', 60)
    const read = await store.get('evil')
    const merged: Record<string, unknown> = Object.assign({}, read?.data)
    expect(merged.isAdmin).toBeUndefined()
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(read?.data.user_id).toBe(1)
  })

  it('refuses structured meta fields, which touch could not replace safely', async () => {
    const store = redis.scope().store()
    const bad = { data: {}, meta: { ...meta, nested: { a: 1 } } } as unknown as StoredSession
    await expect(store.set('m', bad, 60)).rejects.toThrow(/scalar session meta/)
  })

  it('rejects a non-positive timeoutMs or ttlSeconds with ConfigError', () => {
    const client = redis.client()
    expect(() => redisStore(client, { timeoutMs: 0 })).toThrow(ConfigError)
    expect(() => redisStore(client, { ttlSeconds: -1 })).toThrow(ConfigError)
  })

  it('connects a lazyConnect client on first use', async () => {
    const scope = redis.scope()
    const client = scope.client({ lazyConnect: true })
    expect(client.status).toBe('wait')
    const store = redisStore(client, { prefix: `${scope.keyPrefix}sess:` })
    await expect(store.get('x')).resolves.toBeNull()
  })

  it('fails at once with StoreError on a client that was closed', async () => {
    const client = redis.client()
    const store = redisStore(client, { prefix: `${redis.keyPrefix}sess:`, timeoutMs: 60_000 })
    const ended = new Promise((resolve) => client.once('end', resolve))
    await client.quit()
    await ended
    const started = performance.now()
    await expect(store.get('x')).rejects.toThrow(/client was closed/)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('reports kind "redis"', () => {
    expect(redis.store().kind).toBe('redis')
  })
})

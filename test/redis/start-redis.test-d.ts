import type { Cluster, Redis } from 'ioredis'
import { describe, expectTypeOf, it } from 'vitest'
import { startRedis, type RedisServer, type RedisSessionStore } from '../../src/redis/index.js'
import type { SessionStore } from '../../src/stores/types.js'

describe('startRedis(options) types', () => {
  it('returns a Redis client by default and a Cluster client with cluster: true', () => {
    expectTypeOf(startRedis()).resolves.toEqualTypeOf<RedisServer<false>>()
    expectTypeOf(startRedis({ cluster: true })).resolves.toEqualTypeOf<RedisServer<true>>()
    expectTypeOf<ReturnType<RedisServer<false>['client']>>().toEqualTypeOf<Redis>()
    expectTypeOf<ReturnType<RedisServer<true>['client']>>().toEqualTypeOf<Cluster>()
  })

  it('is AsyncDisposable and its store is a SessionStore', () => {
    expectTypeOf<RedisServer>().toExtend<AsyncDisposable>()
    expectTypeOf<RedisSessionStore>().toExtend<SessionStore>()
  })
})

import { afterAll, describe, expect, inject, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { injectRedis, type RedisServer } from '../../src/redis/index.js'
import { PROVIDE_KEY } from '../../src/redis/inject-redis.js'
import type { ProvidedRedis } from '../../src/redis/types.js'

const handles: RedisServer<boolean>[] = []
afterAll(async () => {
  await Promise.all(handles.map((h) => h.stop()))
})

describe('injectRedis(label) with the globalSetup of test/global-setup.ts', () => {
  it('attaches to the one server the run started, which this file does not own', async () => {
    const provided = (inject as unknown as (key: string) => ProvidedRedis)(PROVIDE_KEY)
    const redis = await injectRedis('global-setup')
    handles.push(redis)
    expect(redis.url).toBe(provided.url)
    expect(redis.strategy).toBe(provided.strategy)
    expect(redis.owned).toBe(false)
    expect(redis.report.summary).toBe(provided.summary)
    expect(provided.summary).toMatch(/^session-testkit: Redis \S+ via (binary|url) /)
    await expect(redis.client().ping()).resolves.toBe('PONG')
  })

  it('gives every call and every scope a key prefix of its own', async () => {
    const a = await injectRedis('same label')
    const b = await injectRedis('same label')
    handles.push(a, b)
    const prefixes = [a.keyPrefix, b.keyPrefix, a.scope().keyPrefix, a.scope().keyPrefix]
    expect(new Set(prefixes).size).toBe(4)
    expect(a.keyPrefix).toMatch(/^stk:same-label-[0-9a-f]{8}:$/)
  })

  it('stop() removes its keys and leaves the shared server and other prefixes alone', async () => {
    const mine = await injectRedis()
    const other = await injectRedis()
    handles.push(other)
    await mine.client().set(`${mine.keyPrefix}k`, '1')
    await other.client().set(`${other.keyPrefix}k`, '2')
    await mine.stop()
    await expect(other.client().exists(`${mine.keyPrefix}k`)).resolves.toBe(0)
    await expect(other.client().get(`${other.keyPrefix}k`)).resolves.toBe('2')
  })

  it('refuses fault injection on the shared server', async () => {
    const redis = await injectRedis()
    handles.push(redis)
    await expect(redis.kill()).rejects.toThrow(ConfigError)
    await expect(redis.client().ping()).resolves.toBe('PONG')
  })
})

import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteKeysWithPrefix, startRedis, type RedisServer } from '../../src/redis/index.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))

/** Keys "someone else" wrote: look-alikes of the kit's prefixes and glob specials included. */
const FOREIGN_STRINGS = [
  'stk', 'stk:', 'stk:*', 'stk:[a-f]*', 'stk:?', 'stk:\\', 'stk:foreign-suite', 'stk:00000000:sess:x',
  'sess:abc', 'app:user:1', '*', '?', '[', 'ünïcödé:key',
  ...Array.from({ length: 500 }, (_, i) => `user:${i}:profile`),
  ...Array.from({ length: 200 }, (_, i) => `stk:other-${i.toString(16).padStart(8, '0')}:sess:${i}`),
]

interface Snapshot { type: string; value: unknown; ttl: number }

async function snapshot(client: Redis, key: string): Promise<Snapshot> {
  const type = await client.type(key)
  const ttl = await client.ttl(key)
  const value = type === 'string' ? await client.get(key)
    : type === 'hash' ? await client.hgetall(key)
      : type === 'list' ? await client.lrange(key, 0, -1)
        : type === 'set' ? (await client.smembers(key)).sort()
          : await client.zrange(key, '0', '-1', 'WITHSCORES')
  return { type, value, ttl }
}

describe('cleanup on a server the kit did not start', () => {
  let server: RedisServer
  let client: Redis
  let monitor: Redis
  const commands: string[][] = []
  const foreignKeys: string[] = []
  const before = new Map<string, Snapshot>()

  beforeAll(async () => {
    server = await startRedis({ strategy: 'binary' })
    client = server.client()
    for (const key of FOREIGN_STRINGS) {
      await client.set(key, `value of ${key}`)
      foreignKeys.push(key)
    }
    await client.set('foreign:with-ttl', 'v', 'EX', 86_400)
    await client.hset('foreign:hash', { a: '1', b: '2' })
    await client.rpush('foreign:list', 'x', 'y', 'z')
    await client.sadd('foreign:set', 'p', 'q')
    await client.zadd('foreign:zset', 1, 'one', 2, 'two')
    foreignKeys.push('foreign:with-ttl', 'foreign:hash', 'foreign:list', 'foreign:set', 'foreign:zset')
    for (const key of foreignKeys) before.set(key, await snapshot(client, key))
    monitor = await server.client().monitor()
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args))
  })
  afterAll(async () => {
    monitor.disconnect()
    await server.stop()
  })

  it('a whole suite run with the globalSetup and injectRedis leaves every foreign key intact', async () => {
    const dbsizeBefore = await client.dbsize()
    await run(process.execPath, [`${root}node_modules/vitest/vitest.mjs`, 'run', '--config', 'test/redis/fixtures/foreign-suite.config.ts'], {
      cwd: root,
      env: { ...process.env, REDIS_URL: server.url, SESSION_TESTKIT_REDIS_STRATEGY: 'url' },
      timeout: 60_000,
    })
    // The suite really wrote keys (so its cleanup had something to remove)...
    const sets = commands.filter((c) => /^(set|hset|rpush|sadd|zadd)$/i.test(c[0] ?? ''))
    expect(sets.length).toBeGreaterThanOrEqual(55)
    const suitePrefix = /^stk:foreign-suite-[0-9a-f]{8}:/.exec(sets[0]?.[1] ?? '')?.[0]
    expect(suitePrefix).toBeDefined()
    expect(sets.every((c) => c[1]?.startsWith(suitePrefix as string))).toBe(true)
    // ...removed them all...
    expect(await client.dbsize()).toBe(dbsizeBefore)
    // ...deleted nothing else and never flushed.
    const deletions = commands.filter((c) => /^(del|unlink)$/i.test(c[0] ?? ''))
    const deletedKeys = deletions.flatMap((c) => c.slice(1))
    expect(deletedKeys.length).toBeGreaterThanOrEqual(55)
    expect(deletedKeys.every((key) => key.startsWith(suitePrefix as string))).toBe(true)
    expect(commands.filter((c) => /^flush(all|db)$/i.test(c[0] ?? ''))).toEqual([])
    for (const key of foreignKeys) {
      const now = await snapshot(client, key)
      const then = before.get(key) as Snapshot
      expect({ key, type: now.type, value: now.value }).toEqual({ key, type: then.type, value: then.value })
      expect(Math.sign(now.ttl)).toBe(Math.sign(then.ttl))
      expect(Math.abs(now.ttl - then.ttl)).toBeLessThanOrEqual(60)
    }
  })

  it('deleteKeysWithPrefix matches glob specials in a prefix literally', async () => {
    const prefix = 'stk:[a-f]*?\\:'
    await client.set(`${prefix}mine`, '1')
    await expect(deleteKeysWithPrefix(client, prefix)).resolves.toBe(1)
    for (const key of ['stk:[a-f]*', 'stk:*', 'stk:?', 'stk:\\']) {
      await expect(client.get(key)).resolves.toBe(`value of ${key}`)
    }
  })

  it('refuses an empty prefix', async () => {
    await expect(deleteKeysWithPrefix(client, '')).rejects.toThrow(TypeError)
    await expect(client.exists('app:user:1')).resolves.toBe(1)
  })
})

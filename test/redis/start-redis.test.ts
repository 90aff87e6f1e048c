import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { freePorts } from '../../src/redis/free-port.js'
import { startRedis, type RedisServer } from '../../src/redis/index.js'
import { answers } from '../support/redis-answers.js'

const ENV_KEYS = ['REDIS_URL', 'DOCKER_HOST', 'SESSION_TESTKIT_REDIS_SERVER'] as const
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]))
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
  }
})

describe("startRedis({ strategy: 'binary' })", () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis({ strategy: 'binary' })
  })
  afterAll(async () => {
    await redis.stop()
  })

  it('starts redis-server on 127.0.0.1 and reports it', async () => {
    expect(redis.strategy).toBe('binary')
    expect(redis.owned).toBe(true)
    expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/)
    expect(redis.report.attempts).toEqual([expect.objectContaining({ strategy: 'binary', outcome: 'used' })])
    expect(redis.report.summary).toMatch(/^session-testkit: Redis \d+\.\d+\.\d+ via binary .* in \d+ ms$/)
    await expect(redis.client().ping()).resolves.toBe('PONG')
  })

  it('runs without persistence', async () => {
    const config = await redis.client().config('GET', 'save') as string[]
    expect(config[1]).toBe('')
    const aof = await redis.client().config('GET', 'appendonly') as string[]
    expect(aof[1]).toBe('no')
  })

  it('gives each scope its own key prefix under the handle prefix', () => {
    const a = redis.scope('login tests')
    const b = redis.scope()
    expect(a.keyPrefix).toMatch(new RegExp(`^${redis.keyPrefix}login-tests-[0-9a-f]{8}:$`))
    expect(b.keyPrefix.startsWith(redis.keyPrefix)).toBe(true)
    expect(a.keyPrefix).not.toBe(b.keyPrefix)
  })

  it('a scope stop() deletes its own keys only and leaves the server running', async () => {
    const scope = redis.scope()
    const sibling = redis.scope()
    await scope.client().set(`${scope.keyPrefix}k`, '1')
    await sibling.client().set(`${sibling.keyPrefix}k`, '2')
    await scope.stop()
    const client = redis.client()
    await expect(client.exists(`${scope.keyPrefix}k`)).resolves.toBe(0)
    await expect(client.get(`${sibling.keyPrefix}k`)).resolves.toBe('2')
    await expect(answers(redis.url)).resolves.toBe(true)
  })
})

describe('stop() and await using', () => {
  it('stops the server it started and removes its temp directory', async () => {
    const redis = await startRedis({ strategy: 'binary' })
    const [, dir] = await redis.client().config('GET', 'dir') as [string, string]
    expect(existsSync(dir)).toBe(true)
    await redis.stop()
    await expect(answers(redis.url)).resolves.toBe(false)
    expect(existsSync(dir)).toBe(false)
  })

  it('closes the clients of its scopes too', async () => {
    const redis = await startRedis({ strategy: 'binary' })
    const client = redis.scope().scope().client()
    await client.ping()
    const ended = new Promise((resolve) => client.once('end', resolve))
    await redis.stop()
    await ended
    expect(client.status).toBe('end')
  })

  it('disposes the server at the end of an await using block', async () => {
    let url: string
    {
      await using redis = await startRedis({ strategy: 'binary' })
      url = redis.url
      await expect(answers(url)).resolves.toBe(true)
    }
    await expect(answers(url)).resolves.toBe(false)
  })
})

describe("startRedis({ strategy: 'auto' })", () => {
  it('passes over REDIS_URL and testcontainers with reasons, then uses the binary', async () => {
    delete process.env.REDIS_URL
    // With or without a Docker engine here, this image cannot start: testcontainers is passed over.
    const lines: string[] = []
    await using redis = await startRedis({ image: 'session-testkit-absent/redis:0', log: (line) => lines.push(line) })
    expect(redis.strategy).toBe('binary')
    expect(redis.report.attempts.map((a) => a.strategy)).toEqual(['url', 'testcontainers', 'binary'])
    expect(redis.report.attempts.map((a) => a.outcome)).toEqual(['passed over', expect.stringMatching(/^(passed over|failed)$/), 'used'])
    expect(redis.report.attempts[0]?.reason).toBe('REDIS_URL is not set')
    expect(redis.report.attempts[1]?.reason).toMatch(/^(no Docker engine|image session-testkit-absent\/redis:0 did not start)/)
    expect(lines).toEqual([redis.report.summary])
    expect(redis.report.summary).toMatch(/via binary .*; url passed over \(REDIS_URL is not set\); testcontainers (passed over|failed) \(/)
  })

  it('uses REDIS_URL first, does not own that server, and stop() removes only its prefix', async () => {
    await using server = await startRedis({ strategy: 'binary' })
    await server.client().set('foreign:key', 'keep me')
    process.env.REDIS_URL = server.url
    const redis = await startRedis()
    expect(redis.strategy).toBe('url')
    expect(redis.owned).toBe(false)
    expect(redis.report.attempts).toEqual([expect.objectContaining({ strategy: 'url', outcome: 'used' })])
    await redis.client().set(`${redis.keyPrefix}mine`, '1')
    await redis.stop()
    await expect(answers(server.url)).resolves.toBe(true)
    await expect(server.client().get('foreign:key')).resolves.toBe('keep me')
    await expect(server.client().exists(`${redis.keyPrefix}mine`)).resolves.toBe(0)
  })
})

describe('when no strategy can provide a server', () => {
  it("throws ConfigError for strategy 'url' without REDIS_URL", async () => {
    delete process.env.REDIS_URL
    await expect(startRedis({ strategy: 'url' })).rejects.toThrow(ConfigError)
    await expect(startRedis({ strategy: 'url' })).rejects.toThrow(/url: REDIS_URL is not set/)
  })

  it('throws ConfigError naming the URL that did not answer, without its password', async () => {
    const [port] = await freePorts(1)
    const error = await startRedis({ strategy: 'url', url: `redis://:hunter2-secret@127.0.0.1:${port}` }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect(String(error)).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} did not answer PING`))
    expect(String(error)).not.toContain('hunter2')
  })

  it("throws ConfigError for strategy 'binary' when there is no redis-server", async () => {
    process.env.SESSION_TESTKIT_REDIS_SERVER = '/nonexistent/redis-server'
    await expect(startRedis({ strategy: 'binary' })).rejects.toThrow(/no redis-server on PATH/)
  })

  it('refuses kill() on a server the kit did not start', async () => {
    await using server = await startRedis({ strategy: 'binary' })
    await using attached = await startRedis({ strategy: 'url', url: server.url })
    await expect(attached.kill()).rejects.toThrow(ConfigError)
    await expect(answers(server.url)).resolves.toBe(true)
  })
})

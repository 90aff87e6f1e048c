import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { startRedis, type RedisServer } from '../../src/redis/index.js'
import { checkDockerEngine } from '../../src/redis/strategy-testcontainers.js'
import { answers } from '../support/redis-answers.js'

// These tests need a Docker engine and a Redis image. No registry is reachable in CI, so
// .ci/docker-redis.sh starts dockerd and builds the image from the host's redis-server; it also
// tags it session-testkit-redis:local, used when SESSION_TESTKIT_REDIS_IMAGE is unset.
// Without Docker they FAIL (never skip), so a missing engine cannot pass unnoticed.
const IMAGE = process.env.SESSION_TESTKIT_REDIS_IMAGE ?? 'session-testkit-redis:local'
// Ryuk (testcontainers' reaper) is an image too, and cannot be pulled offline; stop() removes
// the containers instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'

let dockerProblem: string | undefined
beforeAll(async () => {
  dockerProblem = await checkDockerEngine().then(() => undefined, (error: unknown) => String(error))
})

/** Fails the test with the fix when no Docker engine answers. */
function requireDocker(): void {
  expect(dockerProblem, `No Docker engine answered (${dockerProblem}). Run .ci/docker-redis.sh (as root) to start dockerd and build ${IMAGE}, then rerun.`).toBeUndefined()
}

describe("startRedis({ strategy: 'testcontainers' })", () => {
  let redis: RedisServer | undefined
  afterAll(async () => {
    await redis?.stop()
  })

  it('runs the image in a container, the store works against it, and stop() removes it', async () => {
    requireDocker()
    redis = await startRedis({ strategy: 'testcontainers', image: IMAGE })
    expect(redis.strategy).toBe('testcontainers')
    expect(redis.owned).toBe(true)
    expect(redis.report.summary).toContain(`via testcontainers (${IMAGE} container`)
    const store = redis.store()
    const session = { data: { user_id: 1 }, meta: { createdAt: 1, lastSeenAt: 1, permanent: true } }
    await store.set('id', session, 60)
    await expect(store.get('id')).resolves.toEqual(session)
    await expect(redis.client().ttl(store.key('id'))).resolves.toBeGreaterThan(50)
    await redis.stop()
    await expect(answers(redis.url)).resolves.toBe(false)
  })

  it('refuses cluster mode with ConfigError', async () => {
    await expect(startRedis({ strategy: 'testcontainers', cluster: true, image: IMAGE })).rejects.toThrow(ConfigError)
  })
})

describe("startRedis({ strategy: 'auto' }) with a Docker engine", () => {
  const saved = process.env.REDIS_URL
  afterEach(() => {
    if (saved === undefined) delete process.env.REDIS_URL
    else process.env.REDIS_URL = saved
  })

  it('passes over an unset REDIS_URL and uses testcontainers', async () => {
    requireDocker()
    delete process.env.REDIS_URL
    await using redis = await startRedis({ image: IMAGE })
    expect(redis.report.attempts.map((a) => [a.strategy, a.outcome])).toEqual([['url', 'passed over'], ['testcontainers', 'used']])
    await expect(redis.client().ping()).resolves.toBe('PONG')
  })
})

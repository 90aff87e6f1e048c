import { probeRedis } from './probe.js'
import { createHandle, newKeyPrefix } from './redis-handle.js'
import { selectBackend } from './select-backend.js'
import type { RedisServer, RedisStartReport, StartRedisOptions } from './types.js'

/**
 * Finds or starts a Redis server for tests. `auto` (the default) tries `REDIS_URL`, then
 * testcontainers when a Docker engine answers, then a `redis-server` on PATH started on a free
 * port in a temp directory; `report` says which one was used and why the earlier ones were passed
 * over. With `cluster: true` it starts three masters and joins them with `redis-cli --cluster
 * create`. The handle isolates tests by key prefix and never flushes a server.
 *
 * @example
 * ```ts
 * import { startRedis } from 'session-testkit/redis'
 * await using redis = await startRedis()
 * const store = redis.store()                 // a redis session store under redis.keyPrefix
 * const client = redis.client()               // an ioredis client, closed by stop()
 * console.log(redis.report.summary)
 * ```
 */
export async function startRedis<C extends boolean = false>(options: StartRedisOptions<C> = {}): Promise<RedisServer<C>> {
  const started = performance.now()
  const cluster = (options.cluster ?? false) as C
  const { backend, attempts } = await selectBackend(options, cluster)
  let version: string
  try {
    version = (await probeRedis(backend.url)).version
  } catch (error) {
    await backend.stop()
    throw error
  }
  const startMs = Math.round(performance.now() - started)
  const passed = attempts.filter((a) => a.outcome !== 'used').map((a) => `${a.strategy} ${a.outcome} (${a.reason})`)
  const report: RedisStartReport = {
    strategy: backend.strategy,
    attempts,
    startMs,
    summary: `session-testkit: Redis ${version}${cluster ? ' cluster' : ''} via ${backend.strategy} (${backend.detail}) in ${startMs} ms`
      + (passed.length > 0 ? `; ${passed.join('; ')}` : ''),
  }
  options.log?.(report.summary)
  return createHandle({ backend, cluster, keyPrefix: options.keyPrefix ?? newKeyPrefix(), report, root: true })
}

import type { TestProject } from 'vitest/node'
import { PROVIDE_KEY } from './inject-redis.js'
import { startRedis } from './start-redis.js'
import type { ProvidedRedis, RedisStrategy, StartRedisOptions } from './types.js'

type GlobalSetup = (project: TestProject) => Promise<() => Promise<void>>

/**
 * A vitest `globalSetup` that starts one Redis server for the whole run (`startRedis(options)`),
 * hands it to test files through `provide` (read it with `injectRedis()`), and stops it after
 * the run. Test files isolate by key prefix.
 *
 * @example
 * ```ts
 * // test/redis-setup.ts, listed in vitest.config.ts as globalSetup: ['./test/redis-setup.ts']
 * import { createRedisGlobalSetup } from 'session-testkit/redis/global-setup'
 * export default createRedisGlobalSetup({ strategy: 'binary' })
 * ```
 */
export function createRedisGlobalSetup(options: StartRedisOptions = {}): GlobalSetup {
  return async function setup(project: TestProject) {
    const redis = await startRedis({ log: (line) => console.info(line), ...options })
    const provided: ProvidedRedis = {
      url: redis.url,
      strategy: redis.strategy,
      cluster: redis.cluster,
      nodes: [...redis.nodes],
      summary: redis.report.summary,
    }
    ;(project.provide as unknown as (key: string, value: ProvidedRedis) => void)(PROVIDE_KEY, provided)
    return () => redis.stop()
  }
}

const envStrategy = process.env.SESSION_TESTKIT_REDIS_STRATEGY as RedisStrategy | undefined

/**
 * The ready-made globalSetup: `globalSetup: ['session-testkit/redis/global-setup']`. The strategy
 * comes from `SESSION_TESTKIT_REDIS_STRATEGY` (default `auto`).
 *
 * @example
 * ```ts
 * export default defineConfig({ test: { globalSetup: ['session-testkit/redis/global-setup'] } })
 * ```
 */
export default createRedisGlobalSetup(envStrategy ? { strategy: envStrategy } : {})

import type { TestProject } from 'vitest/node'
import { PROVIDE_KEY } from './inject-redis.js'
import { startRedis } from './start-redis.js'
import type { ProvidedRedis, RedisStrategy, StartRedisOptions } from './types.js'

type GlobalSetup = (project: TestProject) => Promise<() => Promise<void>>

/**
 * A vitest `globalSetup` that starts one Redis server for the whole run (`startRedis(options)`),
 * hands it to test files through `provide` (read it with `injectRedis()`), and stops it after
 * the run. Test files isolate by key prefix. With `required: false` a server that cannot be
 * started fails only the files that call `injectRedis()`, not the whole run.
 *
 * @example
 * ```ts
 * // test/redis-setup.ts, listed in vitest.config.ts as globalSetup: ['./test/redis-setup.ts']
 * import { createRedisGlobalSetup } from 'session-testkit/redis/global-setup'
 * export default createRedisGlobalSetup({ strategy: 'binary' })
 * ```
 */
export function createRedisGlobalSetup(options: StartRedisOptions & { required?: boolean } = {}): GlobalSetup {
  const { required = true, ...startOptions } = options
  return async function setup(project: TestProject) {
    const provide = project.provide as unknown as (key: string, value: ProvidedRedis | { error: string }) => void
    let redis: Awaited<ReturnType<typeof startRedis>>
    try {
      redis = await startRedis({ log: (line) => console.info(line), ...startOptions })
    } catch (error) {
      if (required) throw error
      // The run goes on; only the files that call injectRedis() fail, with this reason.
      const reason = error instanceof Error ? error.message : String(error)
      console.warn(`${reason} Test files that use injectRedis() will fail.`)
      provide(PROVIDE_KEY, { error: reason })
      return async () => {}
    }
    const provided: ProvidedRedis = {
      url: redis.url,
      strategy: redis.strategy,
      cluster: redis.cluster,
      nodes: [...redis.nodes],
      summary: redis.report.summary,
    }
    provide(PROVIDE_KEY, provided)
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

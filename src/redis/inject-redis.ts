import { ConfigError } from '../errors.js'
import { createHandle, newKeyPrefix } from './redis-handle.js'
import type { ProvidedRedis, RedisServer } from './types.js'

/** The `provide`/`inject` key under which the globalSetup hands the server to test files. */
export const PROVIDE_KEY = 'sessionTestkitRedis'

/**
 * A handle on a server someone else runs (the run's shared server): it never stops the server
 * and `stop()` removes only its own keys. For a custom globalSetup that provides the server.
 *
 * @example
 * ```ts
 * const redis = attachRedis({ url, strategy: 'url', cluster: false, nodes: [{ host, port }], summary: '' })
 * await redis.stop() // deletes redis.keyPrefix* only
 * ```
 */
export function attachRedis<C extends boolean = false>(provided: ProvidedRedis, label?: string): RedisServer<C> {
  return createHandle({
    backend: { strategy: provided.strategy, url: provided.url, nodes: provided.nodes, owned: false, detail: provided.summary, stop: async () => {} },
    cluster: provided.cluster as C,
    keyPrefix: newKeyPrefix('stk:', label),
    report: { strategy: provided.strategy, attempts: [], startMs: 0, summary: provided.summary },
    root: false,
  })
}

/**
 * In a vitest test file: the server the `session-testkit/redis` globalSetup started for this run,
 * under a key prefix of its own (call `scope()` on it for one prefix per test). `stop()` deletes
 * only this prefix's keys.
 *
 * @example
 * ```ts
 * import { injectRedis } from 'session-testkit/redis'
 * const redis = await injectRedis('login tests')
 * afterAll(() => redis.stop())
 * it('stores the session', async () => { const store = redis.scope().store(); ... })
 * ```
 */
export async function injectRedis(label?: string): Promise<RedisServer<boolean>> {
  const { inject } = await import('vitest')
  const provided = (inject as unknown as (key: string) => ProvidedRedis | { error: string } | undefined)(PROVIDE_KEY)
  if (!provided) {
    throw new ConfigError(`session-testkit: no Redis server was provided to this test run. Add globalSetup: ['session-testkit/redis/global-setup'] to the vitest config, or use startRedis() in the test file.`)
  }
  if ('error' in provided) {
    throw new ConfigError(`session-testkit: the globalSetup could not start Redis: ${provided.error.replace(/^session-testkit: /, '')}`)
  }
  return attachRedis(provided, label)
}

import type { Cluster, Redis, RedisOptions } from 'ioredis'
import type { RedisSessionStore, RedisStoreOptions } from '../stores/redis.js'

/** How `startRedis` finds a server. `auto` tries `url`, then `testcontainers`, then `binary`. */
export type RedisStrategy = 'auto' | 'url' | 'testcontainers' | 'binary'

/** A strategy that actually provides a server. */
export type RedisStrategyName = Exclude<RedisStrategy, 'auto'>

/**
 * Options of `startRedis`.
 *
 * @example
 * ```ts
 * await startRedis({ strategy: 'auto', cluster: false, log: console.info })
 * ```
 */
export interface StartRedisOptions<C extends boolean = boolean> {
  /** Default `auto`. */
  strategy?: RedisStrategy
  /** Three masters in cluster mode (binary strategy) or a cluster behind `url`. Default `false`. */
  cluster?: C
  /** The server for the `url` strategy. Default `process.env.REDIS_URL`. */
  url?: string
  /** The image for the testcontainers strategy. Default `SESSION_TESTKIT_REDIS_IMAGE`, else `redis:7.4`. */
  image?: string
  /** The binary for the binary strategy. Default `SESSION_TESTKIT_REDIS_SERVER`, else `redis-server` on PATH. */
  redisServer?: string
  /**
   * Binary strategy: keep an fsync'd append-only file in the temp directory, so that `kill()` then
   * `restart()` keeps the data (fault tests). Default `false` (no persistence at all).
   */
  persistence?: boolean
  /** The key prefix of this handle. Default: a new random `stk:<hex>:`. */
  keyPrefix?: string
  /** Receives one line saying which strategy was used and why earlier ones were passed over. */
  log?: (line: string) => void
}

/** Why a strategy was or was not used. */
export interface RedisStrategyAttempt {
  strategy: RedisStrategyName
  outcome: 'used' | 'passed over' | 'failed'
  reason: string
  /** Milliseconds the attempt took. */
  ms: number
}

/** What `startRedis` did: the strategy used and, before it, the ones passed over. */
export interface RedisStartReport {
  strategy: RedisStrategyName
  attempts: RedisStrategyAttempt[]
  /** Milliseconds from the call to a server answering PING. */
  startMs: number
  /** One line for logs; never contains a password. */
  summary: string
}

/** Host and port of one Redis node. */
export interface RedisNodeAddress {
  host: string
  port: number
}

/** The client type a handle creates: `Cluster` with `cluster: true`, otherwise `Redis`. */
export type RedisClientFor<C extends boolean> = C extends true ? Cluster : Redis

/**
 * A Redis server for tests. `stop()` (or `await using`) closes the clients it created, removes the
 * keys under `keyPrefix` and, when the kit started the server, stops it. The kit never flushes a
 * server: isolation is by key prefix.
 *
 * @example
 * ```ts
 * await using redis = await startRedis({ strategy: 'binary' })
 * const store = redis.scope('login').store({ timeoutMs: 500 })
 * await redis.kill()      // fault injection: the store now fails closed with StoreError
 * await redis.restart()
 * ```
 */
export interface RedisServer<C extends boolean = false> extends AsyncDisposable {
  /** `redis://host:port` of the server (of one node for a cluster). */
  readonly url: string
  readonly strategy: RedisStrategyName
  readonly cluster: C
  readonly nodes: readonly RedisNodeAddress[]
  /** `true` when the kit started the server (binary, testcontainers); only then may it stop it. */
  readonly owned: boolean
  /** Prefix under which this handle's keys live; `cleanup()` deletes exactly these. */
  readonly keyPrefix: string
  readonly report: RedisStartReport
  /** A new ioredis client (a `Cluster` for a cluster); `stop()` closes it. */
  client(options?: RedisOptions): RedisClientFor<C>
  /** A Redis session store on a new client, under `keyPrefix` + `sess:` unless `prefix` is given. */
  store(options?: RedisStoreOptions): RedisSessionStore
  /** A handle on the same server with its own key prefix (one per test file or test). */
  scope(label?: string): RedisServer<C>
  /** Deletes the keys under `keyPrefix` (SCAN + UNLINK, on every master); returns how many. */
  cleanup(): Promise<number>
  /**
   * Fault injection: SIGKILLs the server process(es) the kit started. Throws `ConfigError` for a
   * server the kit does not own or cannot restart (only the binary strategy can).
   */
  kill(): Promise<void>
  /** Starts the killed server again on the same port(s) and waits until it answers; a no-op while it runs. */
  restart(): Promise<void>
  /** Fault injection: SIGSTOPs the server (connections stay open, nothing answers). Binary only. */
  pause(): Promise<void>
  /** Resumes a paused server; its data is intact. */
  resume(): Promise<void>
  stop(): Promise<void>
}

/** What a strategy hands back to `startRedis`. */
export interface RedisBackend {
  strategy: RedisStrategyName
  url: string
  nodes: RedisNodeAddress[]
  owned: boolean
  /** For the report, e.g. `redis-server 7.0.15 pid 123 on 127.0.0.1:40111`. */
  detail: string
  stop(): Promise<void>
  kill?(): Promise<void>
  restart?(): Promise<void>
  pause?(): Promise<void>
  resume?(): Promise<void>
}

/** What the vitest globalSetup hands to test files through `provide`/`inject`. */
export interface ProvidedRedis {
  url: string
  strategy: RedisStrategyName
  cluster: boolean
  nodes: RedisNodeAddress[]
  summary: string
}

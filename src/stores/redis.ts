import { ConfigError, StoreError } from '../errors.js'
import { decodeStoredSession, encodeMeta, encodeStoredSession, TOUCH_SCRIPT } from './redis-codec.js'
import type { SessionStore, StoredSession } from './types.js'

/**
 * The part of an ioredis client (`Redis` or `Cluster`) the store uses. Declared structurally so
 * that nothing here imports ioredis: the user creates the client and passes it in.
 */
export interface RedisStoreClient {
  readonly status: string
  get(key: string): Promise<string | null>
  set(key: string, value: string, secondsToken: 'EX', seconds: number): Promise<unknown>
  set(key: string, value: string, secondsToken: 'EX', seconds: number, condition: 'XX'): Promise<unknown>
  unlink(...keys: string[]): Promise<number>
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>
  once(event: 'ready', listener: () => void): unknown
  removeListener(event: 'ready', listener: () => void): unknown
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Prepended to every session id to form the key. Default `sess:`. */
  prefix?: string
  /**
   * The TTL in seconds of every entry, instead of the session lifetime the middleware passes.
   * Default: the session lifetime, refreshed by `touch`.
   */
  ttlSeconds?: number
  /**
   * Upper bound in milliseconds for one store operation, waiting for a reconnect included. Past it
   * the operation fails with `StoreError` (a 503 through the app's error handler). Default 2000.
   */
  timeoutMs?: number
}

/** A {@link SessionStore} on Redis, with the key layout exposed for tests. */
export interface RedisSessionStore extends SessionStore {
  readonly kind: 'redis'
  readonly prefix: string
  /** The Redis key that holds session `id`. */
  key(id: string): string
  /** Refreshes the TTL and replaces the meta of an existing entry; never recreates a destroyed one. */
  touch(id: string, session: StoredSession, ttlSeconds: number): Promise<void>
  /** Rewrites an existing entry (`SET ... XX`); never recreates a destroyed one (L14). */
  update(id: string, session: StoredSession, ttlSeconds: number): Promise<void>
}

/**
 * A session store on Redis through an ioredis client (a `Redis` or a `Cluster`, unchanged).
 * Values are JSON (`{"meta":…,"data":…}`), the TTL is the session lifetime and `touch` refreshes
 * it, `destroy` unlinks the key. Each operation is bounded by `timeoutMs` and fails closed with a
 * `StoreError` while Redis is unreachable; it recovers as soon as the client reconnects.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { createSessionMiddleware, stores } from 'session-testkit/reference'
 * const store = stores.redis(new Redis(process.env.REDIS_URL), { prefix: 'myapp:sess:' })
 * app.use(createSessionMiddleware({ secretKey, store }))
 * ```
 */
export function redisStore(client: RedisStoreClient, options: RedisStoreOptions = {}): RedisSessionStore {
  const prefix = options.prefix ?? 'sess:'
  const timeoutMs = options.timeoutMs ?? 2000
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new ConfigError(`session-testkit: redisStore timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}. Pass e.g. { timeoutMs: 2000 }.`)
  }
  if (options.ttlSeconds !== undefined && !(options.ttlSeconds > 0)) {
    throw new ConfigError(`session-testkit: redisStore ttlSeconds must be positive, got ${String(options.ttlSeconds)}. Omit it to use the session lifetime.`)
  }
  const key = (id: string): string => {
    if (typeof id !== 'string' || id === '') throw new StoreError('session-testkit: a session id must be a non-empty string. This is a bug in the caller.')
    return prefix + id
  }
  const ttlOf = (requested: number): number => Math.ceil(options.ttlSeconds ?? requested)
  const run = <T>(what: string, op: () => Promise<T>): Promise<T> => bounded(client, what, timeoutMs, op)

  return {
    kind: 'redis',
    prefix,
    key,
    async get(id) {
      const k = key(id)
      const raw = await run('GET', () => client.get(k))
      return raw === null ? null : decodeStoredSession(raw, k)
    },
    async set(id: string, session: StoredSession, ttlSeconds: number) {
      const k = key(id)
      const ttl = ttlOf(ttlSeconds)
      const value = encodeStoredSession(session)
      // An entry whose lifetime is already over is removed rather than written (as connect-redis).
      if (!(ttl > 0)) await run('UNLINK', () => client.unlink(k))
      else await run('SET', () => client.set(k, value, 'EX', ttl))
    },
    async update(id: string, session: StoredSession, ttlSeconds: number) {
      const k = key(id)
      const ttl = ttlOf(ttlSeconds)
      const value = encodeStoredSession(session)
      // SET ... XX writes only an existing key: one round trip, and a destroyed session stays gone (L14).
      if (!(ttl > 0)) await run('UNLINK', () => client.unlink(k))
      else await run('SET XX', () => client.set(k, value, 'EX', ttl, 'XX'))
    },
    async touch(id: string, session: StoredSession, ttlSeconds: number) {
      const k = key(id)
      const ttl = ttlOf(ttlSeconds)
      const meta = encodeMeta(session.meta)
      if (!(ttl > 0)) await run('UNLINK', () => client.unlink(k))
      else await run('touch script', () => client.eval(TOUCH_SCRIPT, 1, k, meta, ttl))
    },
    async destroy(id) {
      const k = key(id)
      await run('UNLINK', () => client.unlink(k))
    },
  }
}

/**
 * Runs `op` once the client is ready, failing with `StoreError` when that and the reply together
 * take longer than `timeoutMs`. Waiting for `ready` instead of using ioredis' offline queue keeps a
 * write from being queued for minutes and replayed long after the request failed.
 */
async function bounded<T>(client: RedisStoreClient, what: string, timeoutMs: number, op: () => Promise<T>): Promise<T> {
  if (client.status === 'end') {
    throw new StoreError('session-testkit: the redis client was closed (status "end"). Keep the client open while the app runs, or create a new store with a new client.')
  }
  const fail = (error: unknown): StoreError =>
    error instanceof StoreError
      ? error
      : new StoreError(`session-testkit: redis ${what} failed: ${error instanceof Error ? error.message : String(error)}. Check the Redis server and the client's options.`, { cause: error })
  const late = (): StoreError =>
    new StoreError(`session-testkit: redis did not answer ${what} within ${timeoutMs} ms (client status "${client.status}"). Check that Redis is reachable; the session was neither read nor changed.`)
  // `wait` is lazyConnect: the first command connects, so it is sent right away.
  if (client.status === 'ready' || client.status === 'wait') {
    // The common case, with one timer and one promise per operation.
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(late()), timeoutMs)
      let reply: Promise<T>
      try {
        reply = op()
      } catch (error) {
        clearTimeout(timer)
        return reject(fail(error))
      }
      reply.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error: unknown) => (clearTimeout(timer), reject(fail(error))),
      )
    })
  }
  let timer: NodeJS.Timeout | undefined
  let onReady: (() => void) | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), timeoutMs)
  })
  try {
    const ready = new Promise<void>((resolve) => {
      onReady = resolve
      client.once('ready', resolve)
    })
    await Promise.race([ready, timeout])
    return await Promise.race([op(), timeout])
  } catch (error) {
    throw fail(error)
  } finally {
    clearTimeout(timer)
    if (onReady) client.removeListener('ready', onReady)
  }
}

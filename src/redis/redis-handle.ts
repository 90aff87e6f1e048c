import { randomBytes } from 'node:crypto'
import { Cluster, Redis, type RedisOptions } from 'ioredis'
import { ConfigError, SessionKitError } from '../errors.js'
import { redisStore } from '../stores/redis.js'
import { deleteKeysWithPrefix } from './cleanup.js'
import type { RedisBackend, RedisClientFor, RedisServer, RedisStartReport } from './types.js'

/** A fresh `stk:<8 hex>:` prefix, optionally with a readable label. */
export function newKeyPrefix(parent = 'stk:', label?: string): string {
  const tag = label ? `${label.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}-` : ''
  return `${parent}${tag}${randomBytes(4).toString('hex')}:`
}

/** Resolves once `client` is ready; rejects after `timeoutMs`. */
async function waitReady(client: Redis | Cluster, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return
  if (client.status === 'wait') void client.connect().catch(() => {})
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.removeListener('ready', onReady)
      reject(new SessionKitError(`session-testkit: the Redis client did not get ready within ${timeoutMs} ms (status "${client.status}"). Check that the server runs.`))
    }, timeoutMs)
    const onReady = (): void => { clearTimeout(timer); resolve() }
    client.once('ready', onReady)
  })
}

// Tests restart servers on purpose: reconnect quickly instead of backing off to 5 s.
const quickRetry = (times: number): number => Math.min(times * 50, 300)

interface HandleState<C extends boolean> {
  backend: RedisBackend
  cluster: C
  keyPrefix: string
  report: RedisStartReport
  /** Root handles own the backend; scopes only clean their prefix. */
  root: boolean
  /** Registers a client with the parent handle, so that stopping the parent closes it too. */
  adopt?: (client: Redis | Cluster) => void
}

/** Builds the handle `startRedis` returns (and its scopes). */
export function createHandle<C extends boolean>(state: HandleState<C>): RedisServer<C> {
  const { backend, cluster, keyPrefix } = state
  const clients = new Set<Redis | Cluster>()
  let admin: Redis | Cluster | undefined
  let stopped = false

  const track = (client: Redis | Cluster): void => {
    clients.add(client)
    state.adopt?.(client)
  }

  const newClient = (options: RedisOptions = {}): Redis | Cluster => {
    if (stopped) throw new SessionKitError('session-testkit: this Redis handle was stopped. Create clients before stop(), or start a new server.')
    // ioredis 6 declares its options without `| undefined`, which exactOptionalPropertyTypes rejects.
    const redisOptions = { retryStrategy: quickRetry, ...options } as never
    const client = cluster
      ? new Cluster(backend.nodes.map((n) => ({ host: n.host, port: n.port })), { redisOptions, clusterRetryStrategy: quickRetry })
      : new Redis(backend.url, redisOptions)
    // Connection errors surface as command failures (StoreError in the store); no console noise.
    client.on('error', () => {})
    track(client)
    return client
  }

  const requireOwnedServer = (what: 'kill' | 'restart' | 'pause' | 'resume'): (() => Promise<void>) => {
    const fn = backend[what]
    if (!fn) {
      throw new ConfigError(`session-testkit: ${what}() needs a server the kit started with the binary strategy; this one is from "${backend.strategy}". Use startRedis({ strategy: 'binary' }) for fault tests.`)
    }
    return fn
  }

  const handle: RedisServer<C> = {
    url: backend.url,
    strategy: backend.strategy,
    cluster,
    nodes: backend.nodes,
    owned: backend.owned,
    keyPrefix,
    report: state.report,
    client: (options?: RedisOptions) => newClient(options) as RedisClientFor<C>,
    store: (options = {}) => redisStore(newClient(), { prefix: `${keyPrefix}sess:`, ...options }),
    scope: (label?: string) => createHandle({ ...state, keyPrefix: newKeyPrefix(keyPrefix, label), root: false, adopt: track }),
    async cleanup() {
      admin ??= newClient()
      await waitReady(admin)
      return deleteKeysWithPrefix(admin, keyPrefix)
    },
    kill: async () => requireOwnedServer('kill')(),
    restart: async () => requireOwnedServer('restart')(),
    pause: async () => requireOwnedServer('pause')(),
    resume: async () => requireOwnedServer('resume')(),
    async stop() {
      if (stopped) return
      // A server the kit started disappears whole; on any other server only this prefix is removed.
      if (!(state.root && backend.owned)) await handle.cleanup()
      stopped = true
      // Clients of scopes created from this handle are in `clients` too (their keys were under it).
      for (const client of clients) client.disconnect()
      clients.clear()
      if (state.root) await backend.stop()
    },
    [Symbol.asyncDispose]: () => handle.stop(),
  }
  return handle
}

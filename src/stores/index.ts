import { cookieStore } from './cookie.js'
import { filesystemStore } from './filesystem.js'
import { memoryStore } from './memory.js'
import { redisStore } from './redis.js'

export { cookieStore, type CookieStorage } from './cookie.js'
export { filesystemStore, type FilesystemStore } from './filesystem.js'
export { memoryStore, type MemoryStore } from './memory.js'
export { redisStore, type RedisSessionStore, type RedisStoreClient, type RedisStoreOptions } from './redis.js'
export { isStoredSession } from './stored-session.js'
export type { SessionData, SessionMeta, SessionStore, StoredSession } from './types.js'

/**
 * The reference stores: `cookie()` (the default: data in the signed cookie), `memory()`,
 * `filesystem(dir)`, `redis(client, { prefix?, ttlSeconds? })` on an ioredis `Redis` or `Cluster`
 * the app created (ioredis itself is not imported here). Test servers: `session-testkit/redis`.
 *
 * @example
 * ```ts
 * createSessionMiddleware({ secretKey, store: stores.memory() })
 * ```
 */
export const stores = {
  cookie: cookieStore,
  memory: memoryStore,
  filesystem: filesystemStore,
  redis: redisStore,
} as const

export { startRedis } from './start-redis.js'
export { injectRedis, attachRedis } from './inject-redis.js'
export { createRedisGlobalSetup } from './global-setup.js'
export { deleteKeysWithPrefix } from './cleanup.js'
export { DEFAULT_REDIS_IMAGE } from './strategy-testcontainers.js'
export { redisStore } from '../stores/redis.js'
export type { RedisSessionStore, RedisStoreClient, RedisStoreOptions } from '../stores/redis.js'
export type {
  ProvidedRedis,
  RedisClientFor,
  RedisNodeAddress,
  RedisServer,
  RedisStartReport,
  RedisStrategy,
  RedisStrategyAttempt,
  RedisStrategyName,
  StartRedisOptions,
} from './types.js'

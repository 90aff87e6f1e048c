import { createRedisGlobalSetup } from '../src/redis/global-setup.js'

// One redis-server binary for the whole run (tens of ms); REDIS_URL wins when set. Not required:
// without redis-server only the files that call injectRedis() fail, with the reason.
// The testcontainers and cluster strategies are exercised by their own test files.
export default createRedisGlobalSetup({ strategy: process.env.REDIS_URL ? 'url' : 'binary', required: false })

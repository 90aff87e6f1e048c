import { createRedisGlobalSetup } from '../src/redis/global-setup.js'

// One redis-server binary for the whole run (cheap: ~20 ms); REDIS_URL wins when set.
// The testcontainers and cluster strategies are exercised by their own test files.
export default createRedisGlobalSetup({ strategy: process.env.REDIS_URL ? 'url' : 'binary' })

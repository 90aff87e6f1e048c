// The README "Redis" section is copied from this file.
import { createApp } from '../reference/app.js'
import { createTestClient, formats, readSessionDetails, sessionTransaction } from 'session-testkit'
import { stores } from 'session-testkit/reference'
import { startRedis } from 'session-testkit/redis'
import { describe, expect, it } from 'vitest'

const secretKey = 'example-only-secret-0123456789abcdef0123'

describe('the reference app on a Redis store', () => {
  it('keeps the session in Redis and deletes it on logout', async () => {
    // REDIS_URL, else testcontainers when Docker answers, else redis-server on a free port.
    await using redis = await startRedis({ strategy: 'binary' })
    const store = stores.redis(redis.client(), { prefix: `${redis.keyPrefix}sess:` })
    await using client = createTestClient(createApp({ secretKey, store }), {
      session: formats.reference({ secretKey, store }),
      origin: 'https://app.test',
    })

    await sessionTransaction(client, (s) => { s.user_id = 1 })
    await client.get('/me').expect(200, { user_id: 1 })
    const { id } = (await readSessionDetails(client)) ?? {}
    expect(await redis.client().exists(`${redis.keyPrefix}sess:${id}`)).toBe(1)

    await client.post('/logout').expect(204)
    expect(await redis.client().exists(`${redis.keyPrefix}sess:${id}`)).toBe(0)
  })
})

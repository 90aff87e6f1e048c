import { RedisStore } from 'connect-redis'
import express, { type Express } from 'express'
import session from 'express-session'
import { createClient, createCluster } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestClient, readSession, sessionTransaction } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { expressSession } from '../../src/formats/index.js'
import { injectRedis, startRedis, type RedisServer } from '../../src/redis/index.js'

const SECRET = ['express-session secret, current', 'express-session secret, previous']

/** An express-session app on connect-redis 9: GET /me, POST /login/:id (regenerate), POST /logout. */
function peerApp(store: RedisStore): Express {
  const app = express()
  app.use(session({ secret: SECRET, store, resave: false, saveUninitialized: false, cookie: { maxAge: 3_600_000 } }))
  const data = (req: express.Request): Record<string, unknown> => req.session as unknown as Record<string, unknown>
  app.get('/me', (req, res) => {
    const userId = data(req).user_id
    res.status(userId === undefined ? 401 : 200).json({ user_id: userId ?? null, cart: data(req).cart ?? null })
  })
  app.post('/login/:id', (req, res, next) => {
    req.session.regenerate((err) => {
      if (err) return next(err)
      data(req).user_id = Number(req.params.id)
      res.status(204).end()
    })
  })
  app.post('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.status(204).end())))
  return app
}

/** The peer suite, run against a standalone server and against a cluster. */
function describePeer(name: string, setup: () => Promise<{ store: RedisStore; raw: (key: string) => Promise<{ value: string | null; ttl: number }>; close: () => Promise<void> }>): void {
  describe(name, () => {
    let ctx: Awaited<ReturnType<typeof setup>>
    let client: TestClient
    beforeAll(async () => {
      ctx = await setup()
      client = createTestClient(peerApp(ctx.store), { session: expressSession({ secret: SECRET, store: ctx.store }) })
    })
    afterAll(async () => {
      await client.close()
      await ctx.close()
    })

    it('an injected session is accepted by the real app', async () => {
      await client.clearCookies()
      await sessionTransaction(client, (s) => {
        s.user_id = 42
        s.cart = ['book', { qty: 2 }]
      })
      const res = await client.get('/me')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ user_id: 42, cart: ['book', { qty: 2 }] })
    })

    it('a session the app wrote to Redis is read back, and is JSON with a TTL from the cookie', async () => {
      await client.clearCookies()
      await client.post('/login/7').expect(204)
      await expect(readSession(client)).resolves.toEqual({ user_id: 7 })
      const cookie = (await client.cookieMap()).get('connect.sid') ?? ''
      const sid = decodeURIComponent(cookie).slice(2, decodeURIComponent(cookie).lastIndexOf('.'))
      const { value, ttl } = await ctx.raw(ctx.store.prefix + sid)
      expect(JSON.parse(value ?? 'null')).toMatchObject({ user_id: 7, cookie: { originalMaxAge: 3_600_000, httpOnly: true, path: '/' } })
      expect(ttl).toBeGreaterThan(3500)
      expect(ttl).toBeLessThanOrEqual(3600)
    })

    it('logout through the app removes what the kit injected', async () => {
      await client.clearCookies()
      await sessionTransaction(client, (s) => {
        s.user_id = 9
      })
      await client.post('/logout').expect(204)
      expect((await client.get('/me')).status).toBe(401)
    })
  })
}

describe('formats.expressSession with connect-redis 9 (node-redis)', () => {
  let redis: RedisServer<boolean>
  beforeAll(async () => {
    redis = await injectRedis('express-session-peer')
  })
  afterAll(async () => {
    await redis.stop()
  })

  describePeer('on the run\'s Redis server', async () => {
    const client = createClient({ url: redis.url })
    await client.connect()
    const store = new RedisStore({ client, prefix: `${redis.keyPrefix}sess:` })
    return {
      store,
      raw: async (key) => ({ value: await client.get(key), ttl: await client.ttl(key) }),
      close: async () => { client.destroy() },
    }
  })

  describePeer('on a Redis Cluster', async () => {
    const cluster = await startRedis({ strategy: 'binary', cluster: true })
    const client = createCluster({ rootNodes: cluster.nodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) })
    await client.connect()
    const store = new RedisStore({ client, prefix: `${cluster.keyPrefix}sess:` })
    return {
      store,
      raw: async (key) => ({ value: await client.get(key), ttl: await client.ttl(key) }),
      close: async () => {
        client.destroy()
        await cluster.stop()
      },
    }
  })
})

import express, { type Request, type Response } from 'express'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { createSessionMiddleware } from '../../src/reference/middleware.js'
import { getSession } from '../../src/reference/session.js'
import { stores } from '../../src/stores/index.js'
import { TEST_SECRET } from '../support/reference-app.js'
import { attribute, cookiePair, setCookieFor, setCookies } from '../support/set-cookie-headers.js'

function appWith(route: (req: Request, res: Response) => unknown) {
  const store = stores.memory()
  const app = express()
  app.use(createSessionMiddleware({ secretKey: TEST_SECRET, store }))
  app.post('/seed', (req, res) => ((getSession(req).data.n = 1), res.end()))
  app.post('/act', async (req, res) => res.json((await route(req, res)) ?? null))
  app.use((error: Error, _req: Request, res: Response, _next: unknown) => void res.status(500).json({ error: error.message }))
  return { app, store }
}

describe('req.session', () => {
  it('regenerate() keeps the data under a new id and destroys the old entry', async () => {
    const { app, store } = appWith(async (req) => {
      const session = getSession(req)
      const before = session.id
      await session.regenerate()
      return { before, data: session.data }
    })
    const seeded = cookiePair(await request(app).post('/seed'))
    const res = await request(app).post('/act').set('Cookie', seeded).expect(200)
    const { before, data } = res.body as { before: string; data: unknown }
    expect(data).toEqual({ n: 1 })
    expect(store.ids()).toHaveLength(1)
    expect(store.ids()).not.toContain(before)
    expect(cookiePair(res)).not.toBe(seeded)
  })

  it('clear() empties the session: the entry is destroyed and the cookie deleted', async () => {
    const { app, store } = appWith((req) => getSession(req).clear())
    const res = await request(app).post('/act').set('Cookie', cookiePair(await request(app).post('/seed'))).expect(200)
    expect(attribute(setCookieFor(res) ?? '', 'Max-Age')).toBe('0')
    expect(store.size).toBe(0)
  })

  it('permanent = true turns a browser-session cookie into one with Max-Age', async () => {
    const { app } = appWith((req) => {
      getSession(req).permanent = true
    })
    const res = await request(app).post('/act').set('Cookie', cookiePair(await request(app).post('/seed'))).expect(200)
    expect(attribute(setCookieFor(res) ?? '', 'Max-Age')).toBe(String(7 * 86_400))
  })

  it('isNew and id describe an anonymous session; nothing is stored until data is', async () => {
    const { app, store } = appWith((req) => ({ isNew: getSession(req).isNew, id: getSession(req).id ?? null }))
    const res = await request(app).post('/act').expect(200, { isNew: true, id: null })
    expect(setCookies(res)).toEqual([])
    expect(store.size).toBe(0)
  })

  it('refuses data that is not a plain object, and data that is not JSON at save time', async () => {
    const { app } = appWith((req) => {
      getSession(req).data = [] as never
    })
    await request(app).post('/act').expect(500, { error: 'session-testkit: session.data must be a plain object. Assign {} or an object literal.' })
    const { app: app2 } = appWith((req) => {
      getSession(req).data.when = () => 1
    })
    const res = await request(app2).post('/act').expect(500)
    expect((res.body as { error: string }).error).toMatch(/^session-testkit: cannot serialize a function\. Session data must be JSON/)
  })
})

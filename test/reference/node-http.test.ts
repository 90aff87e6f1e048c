import { createServer, type Server } from 'node:http'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, logout } from '../../src/reference/auth.js'
import { createSessionMiddleware } from '../../src/reference/middleware.js'
import { getSession } from '../../src/reference/session.js'
import { stores } from '../../src/stores/index.js'
import { TEST_SECRET } from '../support/reference-app.js'
import { cookiePair, setCookieFor } from '../support/set-cookie-headers.js'

describe('createSessionMiddleware(config) in a plain node:http handler', () => {
  const session = createSessionMiddleware({ secretKey: TEST_SECRET, store: stores.memory() })
  let server: Server

  beforeAll(async () => {
    server = createServer((req, res) => {
      session(req, res, (error) => {
        if (error) return void res.writeHead(503).end()
        void (async () => {
          if (req.url === '/login') await login(req, 7)
          if (req.url === '/logout') await logout(req)
          // Streaming: headers go out with the first write, the store is written before end.
          res.writeHead(200, { 'content-type': 'text/plain' })
          res.write('user=')
          res.end(String(getSession(req).data.user_id ?? 'anonymous'))
        })()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('logs in, reads the session and logs out', async () => {
    const res = await request(server).get('/login').expect(200, 'user=7')
    const cookie = cookiePair(res)
    await request(server).get('/me').set('Cookie', cookie).expect(200, 'user=7')
    const out = await request(server).get('/logout').set('Cookie', cookie).expect(200, 'user=anonymous')
    expect(setCookieFor(out)).toMatch(/^session=; Max-Age=0/)
    await request(server).get('/me').set('Cookie', cookie).expect(200, 'user=anonymous')
  })
})

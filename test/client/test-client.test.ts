import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestClient } from '../../src/client/index.js'
import { SessionKitError } from '../../src/errors.js'
import { setServerIdleMs, sharedServerOf } from '../../src/client/shared-server.js'
import type { TestClient } from '../../src/client/types.js'
import { closeClientsAfterEach } from '../support/close-clients.js'

/** A small app whose routes set the cookies named in the query and echo what it received. */
function cookieApp(): express.Express {
  const app = express()
  app.set('trust proxy', 'loopback')
  app.use(express.json())
  app.get('/set', (req, res) => {
    res.append('Set-Cookie', String(req.query.c))
    res.json({ secure: req.secure })
  })
  app.all('/echo', (req, res) => {
    res.json({ cookie: req.headers.cookie ?? null, proto: req.headers['x-forwarded-proto'] ?? null, body: req.body ?? null })
  })
  app.get('/redirect', (_req, res) => {
    res.append('Set-Cookie', 'hop=1; Path=/')
    res.redirect(302, '/echo')
  })
  app.post('/length', (req, res) => {
    let length = 0
    req.on('data', (chunk: Buffer) => { length += chunk.length })
    req.on('end', () => res.json({ length }))
  })
  app.get('/admin/echo', (req, res) => res.json({ cookie: req.headers.cookie ?? null }))
  return app
}

const track = closeClientsAfterEach()
function client(...args: Parameters<typeof createTestClient>): TestClient {
  return track(createTestClient(...args))
}

afterEach(() => {
  vi.useRealTimers()
})

const setting = (header: string): string => `/set?c=${encodeURIComponent(header)}`

describe('createTestClient(app, options)', () => {
  it('returns supertest Tests whose send/set/expect chains work', async () => {
    const c = client(cookieApp())
    const res = await c.post('/echo').set('X-Test', '1').send({ a: 1 }).expect(200).expect('Content-Type', /json/)
    expect(res.body).toEqual({ cookie: null, proto: null, body: { a: 1 } })
  })

  it('stores Set-Cookie headers in its tough-cookie jar and sends them back', async () => {
    const c = client(cookieApp())
    await c.get(setting('sid=abc; Path=/; HttpOnly')).expect(200)
    expect(await c.cookieHeader()).toBe('sid=abc')
    expect((await c.get('/echo')).body.cookie).toBe('sid=abc')
  })

  it('reads the jar when the request is sent, not when it is built', async () => {
    const c = client(cookieApp())
    const later = c.get('/echo')
    await c.get(setting('late=1'))
    expect((await later).body.cookie).toBe('late=1')
  })

  describe('when the origin is https', () => {
    it('round-trips Secure cookies over in-process http and sends X-Forwarded-Proto: https', async () => {
      const c = client(cookieApp(), { origin: 'https://app.test' })
      const set = await c.get(setting('sid=s1; Path=/; Secure; HttpOnly; SameSite=Lax'))
      expect(set.body.secure).toBe(true)
      const res = await c.get('/echo')
      expect(res.body).toMatchObject({ cookie: 'sid=s1', proto: 'https' })
      expect(c.origin.href).toBe('https://app.test/')
    })
  })

  describe('when the origin is http (the default)', () => {
    it('drops Secure cookies and sends no X-Forwarded-Proto', async () => {
      const c = client(cookieApp())
      await c.get(setting('sid=s1; Path=/; Secure'))
      const res = await c.get('/echo')
      expect(res.body).toMatchObject({ cookie: null, proto: null })
      expect(c.origin.href).toBe('http://127.0.0.1/')
    })
  })

  it('honours Max-Age=0 and past Expires as deletions', async () => {
    const c = client(cookieApp())
    await c.get(setting('a=1; Path=/'))
    await c.get(setting('b=2; Path=/'))
    await c.get(setting('a=; Path=/; Max-Age=0'))
    await c.get(setting('b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'))
    expect(await c.cookies()).toEqual([])
    expect((await c.get('/echo')).body.cookie).toBeNull()
  })

  it('expires a cookie once its Max-Age has passed (fake clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
    const c = client(cookieApp())
    await c.get(setting('short=1; Path=/; Max-Age=60'))
    expect(await c.cookieHeader()).toBe('short=1')
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'))
    expect(await c.cookieHeader()).toBe('')
  })

  it('scopes cookies by Path', async () => {
    const c = client(cookieApp())
    await c.get(setting('admin=1; Path=/admin'))
    expect((await c.get('/echo')).body.cookie).toBeNull()
    expect((await c.get('/admin/echo')).body.cookie).toBe('admin=1')
    expect(await c.cookieHeader('/admin/x')).toBe('admin=1')
  })

  it('A4: applies __Host- prefix rules as a browser does', async () => {
    const c = client(cookieApp(), { origin: 'https://app.test' })
    await c.get(setting('__Host-ok=1; Path=/; Secure'))
    await c.get(setting('__Host-domain=1; Path=/; Secure; Domain=app.test'))
    await c.get(setting('__Host-insecure=1; Path=/'))
    await c.get(setting('__Host-path=1; Path=/admin; Secure'))
    await c.get(setting('__Secure-insecure=1; Path=/'))
    expect([...(await c.cookieMap()).keys()]).toEqual(['__Host-ok'])
  })

  describe('cookies(), cookieMap(), setCookie(header), clearCookies()', () => {
    it('lists, sets and clears the cookies for the origin', async () => {
      const c = client(cookieApp())
      await c.setCookie('one=1; Path=/')
      await c.setCookie('two=2; Path=/')
      expect((await c.cookies()).map((cookie) => cookie.key)).toEqual(['one', 'two'])
      expect(await c.cookieMap()).toEqual(new Map([['one', '1'], ['two', '2']]))
      expect((await c.get('/echo')).body.cookie).toBe('one=1; two=2')
      await c.clearCookies()
      expect(await c.cookies()).toEqual([])
    })

    it('throws a SessionKitError when the jar refuses the header', async () => {
      const c = client(cookieApp())
      await expect(c.setCookie('sid=1; Secure')).rejects.toThrow(SessionKitError)
      await expect(c.setCookie('sid=1; Secure')).rejects.toThrow(/https origin/)
    })
  })

  describe('request(method, path, { cookies })', () => {
    it("sends no cookies and leaves the jar alone with 'none'", async () => {
      const c = client(cookieApp())
      await c.setCookie('sid=1; Path=/')
      expect((await c.request('get', '/echo', { cookies: 'none' })).body.cookie).toBeNull()
      await c.request('get', setting('other=2'), { cookies: 'none' })
      expect(await c.cookieHeader()).toBe('sid=1')
    })

    it('sends a given string verbatim and leaves the jar alone', async () => {
      const c = client(cookieApp())
      await c.setCookie('sid=1; Path=/')
      expect((await c.request('post', '/echo', { cookies: 'sid=replayed' })).body.cookie).toBe('sid=replayed')
      expect(await c.cookieHeader()).toBe('sid=1')
    })
  })

  it('stores cookies set on a redirect it follows and sends them on the next hop', async () => {
    const c = client(cookieApp())
    const first = await c.get('/redirect').redirects(1).expect(200)
    expect(first.body.cookie).toBe('hop=1')
    await c.setCookie('sid=1; Path=/')
    const res = await c.get('/redirect').redirects(1).expect(200)
    expect(await c.cookieHeader()).toBe('hop=1; sid=1')
    expect(res.body.cookie).toBe('hop=1; sid=1')
  })

  it('pipes a response and streams a body with write() once the app listens', async () => {
    const c = client(cookieApp())
    await c.setCookie('sid=1; Path=/')
    const sink = new PassThrough()
    const chunks: Buffer[] = []
    sink.on('data', (chunk: Buffer) => chunks.push(chunk))
    await new Promise((resolve) => c.get('/echo').pipe(sink).on('end', resolve))
    expect(JSON.parse(Buffer.concat(chunks).toString()).cookie).toBe('sid=1')
    const upload = c.post('/length')
    upload.write('abc')
    upload.write('de')
    expect((await upload).body).toEqual({ length: 5 })
  })

  it('throws a SessionKitError on write() before the app has been started', () => {
    const c = client(cookieApp())
    expect(() => c.post('/length').write('abc')).toThrow(/Send one request first/)
  })

  describe('connections', () => {
    it('starts the app once for concurrent first requests', async () => {
      const server = http.createServer(cookieApp())
      let listens = 0
      server.on('listening', () => { listens += 1 })
      const c = client(server)
      const results = await Promise.all(Array.from({ length: 10 }, () => c.get('/echo')))
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200))
      expect(listens).toBe(1)
    })

    it('listens once and reuses one keep-alive connection for 50 sequential requests', async () => {
      const server = http.createServer(cookieApp())
      let connections = 0
      server.on('connection', () => { connections += 1 })
      const c = client(server)
      for (let i = 0; i < 50; i += 1) await c.get('/echo').expect(200)
      expect(connections).toBe(1)
      expect(server.listening).toBe(true)
      await c.close()
      expect(server.listening).toBe(false)
    })

    it('closes the server it started when disposed with await using', async () => {
      const server = http.createServer(cookieApp())
      {
        await using c = createTestClient(server)
        await c.get('/echo').expect(200)
        expect(server.listening).toBe(true)
      }
      expect(server.listening).toBe(false)
    })

    it('rejects requests after close() with a SessionKitError', async () => {
      const c = client(cookieApp())
      await c.close()
      await expect(c.get('/echo')).rejects.toThrow(SessionKitError)
    })
  })

  describe('when several clients share one app', () => {
    it('keeps each client\'s cookies to itself', async () => {
      const app = cookieApp()
      const a = client(app)
      const b = client(app)
      await Promise.all([a.get(setting('who=a; Path=/')).expect(200), b.get(setting('who=b; Path=/')).expect(200)])
      const [echoA, echoB] = await Promise.all([a.get('/echo'), b.get('/echo')])
      expect(echoA.body.cookie).toBe('who=a')
      expect(echoB.body.cookie).toBe('who=b')
      expect(await client(app).cookieHeader()).toBe('')
    })

    it('reuses one listening server and its warm connection for the next client of the app', async () => {
      const app = cookieApp()
      const first = client(app)
      await first.get('/echo').expect(200)
      const server = sharedServerOf(app)
      let connections = 0
      server?.on('connection', () => { connections += 1 })
      await first.close()
      const second = client(app)
      expect((await second.get('/echo')).body.cookie).toBeNull()
      expect(sharedServerOf(app)).toBe(server)
      expect(connections).toBe(0)
    })

    it('closes an unstarted http.Server only when its last client closes', async () => {
      const server = http.createServer(cookieApp())
      const a = client(server)
      const b = client(server)
      await Promise.all([a.get('/echo').expect(200), b.get('/echo').expect(200)])
      await a.close()
      expect(server.listening).toBe(true)
      await b.get('/echo').expect(200)
      await b.close()
      expect(server.listening).toBe(false)
    })

    it('closes its own server for a request listener once the last client has been closed for the idle period', async () => {
      const app = cookieApp()
      setServerIdleMs(0)
      try {
        const a = client(app)
        const b = client(app)
        await Promise.all([a.get('/echo').expect(200), b.get('/echo').expect(200)])
        const server = sharedServerOf(app) as http.Server
        await a.close()
        expect(server.listening).toBe(true)
        const closed = once(server, 'close')
        await b.close()
        await closed
        expect(server.listening).toBe(false)
        expect(sharedServerOf(app)).toBeUndefined()
        const c = client(app)
        await c.get('/echo').expect(200)
        expect(sharedServerOf(app)).not.toBe(server)
      } finally {
        setServerIdleMs(1000)
      }
    })
  })

  describe('when app is the base URL of a running server', () => {
    it('talks to it over HTTP with the jar, and leaves it running on close', async () => {
      const server = http.createServer(cookieApp())
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = server.address() as AddressInfo
        const c = client(`http://127.0.0.1:${port}/`)
        await c.get(setting('sid=remote; Path=/')).expect(200)
        expect((await c.get('/echo')).body.cookie).toBe('sid=remote')
        await c.close()
        expect(server.listening).toBe(true)
      } finally {
        await new Promise((resolve) => server.close(resolve))
      }
    })

    it('leaves an http.Server the caller started running on close', async () => {
      const server = http.createServer(cookieApp())
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      try {
        const c = client(server)
        await c.get('/echo').expect(200)
        await c.close()
        expect(server.listening).toBe(true)
      } finally {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
    })
  })
})

describe('client.request(method, path)', () => {
  it('throws a SessionKitError for a path that does not start with /', () => {
    const c = client(cookieApp())
    expect(() => c.get('http://example.com/x')).toThrow(/start with "\/"/)
  })
})

describe('createTestClient(app) with something that is not an app', () => {
  it('throws a SessionKitError saying what to pass', () => {
    expect(() => createTestClient({ listen() {} } as unknown as http.Server)).toThrow(/fastify.server/)
  })
})

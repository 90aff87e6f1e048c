import http from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { getIronSession, sealData, unsealData } from 'iron-session'
import type { SessionOptions } from 'iron-session'
import { defaults as ironDefaults, seal as ironSeal } from 'iron-webcrypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestClient, readSession, readSessionDetails, sessionTransaction } from '../../src/client/index.js'
import { BadSignatureError, ConfigError } from '../../src/errors.js'
import { ironSession } from '../../src/formats/iron-session.js'
import { sealIron } from '../../src/formats/iron/seal.js'

const OLD = 'old-password-old-password-old-password!'
const NEW = 'new-password-new-password-new-password!'
const OTHER = 'unknown-password-unknown-password-unknown'
const COOKIE = 'app_session'
const TTL = 3600
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

interface Peer {
  url: string
  close(): Promise<void>
}

/** A plain node:http app on real iron-session 8 (getIronSession(req, res, options)). */
async function startPeer(password: SessionOptions['password']): Promise<Peer> {
  const options: SessionOptions = { password, cookieName: COOKIE, ttl: TTL }
  const server = http.createServer((req, res) => {
    void (async () => {
      let body = ''
      for await (const chunk of req) body += String(chunk)
      try {
        const session = await getIronSession<Record<string, unknown>>(req, res, options)
        const path = new URL(req.url ?? '/', 'http://x').pathname
        if (path === '/login') session['user_id'] = (JSON.parse(body) as { user_id: number }).user_id
        if (path === '/set') for (const [key, value] of Object.entries(JSON.parse(body) as object)) session[key] = value
        if (path === '/touch') session['touched'] = Number(session['touched'] ?? 0) + 1
        if (req.method === 'POST') await session.save()
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(path === '/session' ? session : { user_id: session['user_id'] ?? null }))
      } catch (error) {
        // A real app's error handler: iron-session throws for some malformed seals (see T1).
        res.statusCode = 500
        res.end(JSON.stringify({ error: (error as Error).message }))
      }
    })()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

async function whoami(peer: Peer, cookie: string): Promise<{ status: number; user_id: unknown }> {
  const response = await fetch(`${peer.url}/whoami`, { headers: { cookie: `${COOKIE}=${cookie}` } })
  const body = (await response.json()) as { user_id?: unknown }
  return { status: response.status, user_id: body.user_id }
}

async function post(peer: Peer, path: string, body: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (cookie !== undefined) headers['cookie'] = `${COOKIE}=${cookie}`
  return fetch(`${peer.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
}

function setCookieValue(response: Response): string {
  const header = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`))
  if (header === undefined) throw new Error('no session cookie set')
  return decodeURIComponent(header.slice(COOKIE.length + 1).split(';')[0] ?? '')
}

async function seal(format: ReturnType<typeof ironSession>, data: Record<string, unknown>): Promise<string> {
  const [cookie] = await format.write(data, null)
  return cookie?.value ?? ''
}

const cookies = (value: string): Map<string, string> => new Map([[COOKIE, value]])

describe('ironSession(options)', () => {
  const current = ironSession({ password: { 1: OLD, 2: NEW }, cookieName: COOKIE, ttl: TTL })
  const oldOnly = ironSession({ password: { 1: OLD }, cookieName: COOKIE, ttl: TTL })
  let rotating: Peer
  let retired: Peer

  beforeAll(async () => {
    ;[rotating, retired] = await Promise.all([startPeer({ 1: OLD, 2: NEW }), startPeer({ 2: NEW })])
  })
  afterAll(async () => {
    await Promise.all([rotating.close(), retired.close()])
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('byte layout', () => {
    it('seals exactly as iron-webcrypto does with the same random bytes and clock, plus "~2"', async () => {
      const bytes = (seed: number) => (size: number) => Uint8Array.from({ length: size }, (_, i) => (seed * 31 + i * 7) & 0xff)
      let call = 0
      const random = (size: number): Uint8Array => bytes(++call)(size)
      const now = Date.UTC(2026, 0, 2, 3, 4, 5, 678)
      const mine = sealIron(JSON.stringify({ user_id: 42, note: 'é' }), { id: '2', secret: NEW }, TTL * 1000, now, random)

      let theirCall = 0
      const fakeCrypto = {
        subtle: globalThis.crypto.subtle,
        getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
          const view = array as unknown as Uint8Array
          view.set(bytes(++theirCall)(view.length))
          return array
        },
      }
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(now)
      const theirs = await ironSeal(fakeCrypto as unknown as Parameters<typeof ironSeal>[0], { user_id: 42, note: 'é' }, { id: '2', secret: NEW }, { ...ironDefaults, ttl: TTL * 1000 })
      expect(mine).toBe(theirs)
      expect(mine.split('*')).toEqual(['Fe26.2', '2', expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[\w-]{22}$/), expect.stringMatching(/^[\w-]+$/), String(now + TTL * 1000), expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[\w-]{43}$/)])
      expect(await seal(current, { a: 1 })).toMatch(/^Fe26\.2\*2\*.*~2$/)
    })

    it('sets the cookie attributes iron-session sets (httpOnly, secure, sameSite lax, path /, maxAge ttl - 60)', async () => {
      const response = await post(rotating, '/login', { user_id: 1 })
      const [header] = response.headers.getSetCookie()
      const [cookie] = await current.write({ user_id: 1 }, null)
      expect(header).toMatch(new RegExp(`^${COOKIE}=[^;]+; Max-Age=${TTL - 60}; Path=/; HttpOnly; Secure; SameSite=Lax$`))
      expect(cookie).toMatchObject({ name: COOKIE, maxAge: TTL - 60, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
    })

    it('writes no expiration and a 2147483647 s cookie when ttl is 0, as iron-session does', async () => {
      const format = ironSession({ password: NEW, cookieName: COOKIE, ttl: 0 })
      const [cookie] = await format.write({ user_id: 1 }, null)
      expect(cookie?.maxAge).toBe(2_147_483_647)
      expect(cookie?.value.split('*')[5]).toBe('')
      expect(await unsealData(cookie?.value ?? '', { password: NEW, ttl: 0 })).toEqual({ user_id: 1 })
      expect((await format.read(cookies(cookie?.value ?? '')))?.expiresAt).toBeUndefined()
    })

    it('reads what sealData writes and sealData reads what it writes', async () => {
      const sealed = await sealData({ user_id: 7 }, { password: { 1: OLD, 2: NEW }, ttl: TTL })
      expect((await current.read(cookies(sealed)))?.data).toEqual({ user_id: 7 })
      expect(await unsealData(await seal(current, { user_id: 8 }), { password: { 1: OLD, 2: NEW }, ttl: TTL })).toEqual({ user_id: 8 })
    })
  })

  describe('over HTTP against iron-session 8', () => {
    it('(1) a session it writes is accepted by the app', async () => {
      expect(await whoami(rotating, await seal(current, { user_id: 42 }))).toEqual({ status: 200, user_id: 42 })
    })

    it('(2) reads the session the app set, with keyIndex 0 and the seal expiration', async () => {
      const before = Date.now()
      const value = setCookieValue(await post(rotating, '/login', { user_id: 42 }))
      const read = await current.read(cookies(value))
      expect(read).toMatchObject({ data: { user_id: 42 }, keyIndex: 0 })
      expect(read?.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + TTL * 1000)
      expect(read?.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + TTL * 1000)
    })

    it('works through createTestClient, sessionTransaction and readSession', async () => {
      await using client = createTestClient(rotating.url, { session: current, origin: 'https://app.test' })
      await sessionTransaction(client, (session) => {
        session['user_id'] = 42
      })
      const me = await client.get('/whoami').expect(200)
      expect(me.body).toEqual({ user_id: 42 })
      await client.post('/login').send({ user_id: 43 }).expect(200)
      expect(await readSession(client)).toEqual({ user_id: 43 })
    })
  })

  describe('key rotation', () => {
    it('K1: a seal made with the older password id is accepted by the app, and re-sealed under the newest', async () => {
      const old = await seal(oldOnly, { user_id: 42 })
      expect(old.split('*')[1]).toBe('1')
      expect(await whoami(rotating, old)).toEqual({ status: 200, user_id: 42 })
      expect((await current.read(cookies(old)))?.keyIndex).toBe(1)
      const resealed = setCookieValue(await post(rotating, '/touch', {}, old))
      expect(await current.read(cookies(resealed))).toMatchObject({ data: { user_id: 42, touched: 1 }, keyIndex: 0 })
    })

    it('K2: a fresh seal uses only the highest password id', async () => {
      const value = await seal(current, { user_id: 1 })
      expect(value.split('*')[1]).toBe('2')
      expect((await ironSession({ password: { 2: NEW }, cookieName: COOKIE }).read(cookies(value)))?.keyIndex).toBe(0)
    })

    it('K4: once password 1 is retired, its seals are anonymous', async () => {
      const old = await seal(oldOnly, { user_id: 42 })
      expect(await whoami(retired, old)).toEqual({ status: 200, user_id: null })
      await expect(ironSession({ password: { 2: NEW }, cookieName: COOKIE }).read(cookies(old))).rejects.toThrow(BadSignatureError)
    })

    it('K5: a seal made with an unknown password under a known id is anonymous', async () => {
      const forged = await seal(ironSession({ password: { 2: OTHER }, cookieName: COOKIE }), { user_id: 42 })
      expect(await whoami(rotating, forged)).toEqual({ status: 200, user_id: null })
      await expect(current.read(cookies(forged))).rejects.toThrow(/HMAC does not match/)
    })
  })

  describe('when the cookie is tampered', () => {
    it('T1: every single-character change, at every position, is rejected by read and never unseals in iron-session', async () => {
      const value = await seal(current, { user_id: 42 })
      const replacements = fc.array(fc.constantFrom(...'ABCXYZabcxyz0189-_*~.% '), { minLength: value.length, maxLength: value.length })
      await fc.assert(
        fc.asyncProperty(replacements, async (chars) => {
          for (const [at, char] of chars.entries()) {
            if (value[at] === char) continue
            const changed = value.slice(0, at) + char + value.slice(at + 1)
            await expect(current.read(cookies(changed))).rejects.toThrow(BadSignatureError)
            const theirs = await unsealData(changed, { password: { 1: OLD, 2: NEW }, ttl: TTL }).catch((error: unknown) => error)
            expect(theirs).not.toEqual({ user_id: 42 })
          }
        }),
        { numRuns: 3 },
      )
    })

    it('T1: over HTTP, no single-character change at any position authenticates', async () => {
      const value = await seal(current, { user_id: 42 })
      const statuses = new Set<number>()
      for (let at = 0; at < value.length; at++) {
        const char = value[at] === 'A' ? 'B' : 'A'
        const result = await whoami(rotating, value.slice(0, at) + char + value.slice(at + 1))
        expect(result.user_id ?? null).toBeNull()
        statuses.add(result.status)
      }
      // iron-session 8.0.4 rethrows "Wrong mac prefix" and "Invalid expiration": the app answers 500.
      expect([...statuses].sort()).toEqual([200, 500])
    })

    it('iron-session 8.0.4 throws on a changed prefix instead of starting an empty session', async () => {
      const value = await seal(current, { user_id: 42 })
      const response = await fetch(`${rotating.url}/whoami`, { headers: { cookie: `${COOKIE}=G${value.slice(1)}` } })
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({ error: 'Wrong mac prefix' })
    })

    it('rejects a token version other than 2 (iron-session reads it as an empty session)', async () => {
      const value = (await seal(current, { user_id: 42 })).replace(/~2$/, '~3')
      await expect(current.read(cookies(value))).rejects.toThrow(/token version/)
      expect(await whoami(rotating, value)).toEqual({ status: 200, user_id: null })
    })
  })

  describe('T5: expiration', () => {
    it('rejects a seal expired more than 60 s ago, as iron-session does', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() - (TTL + 120) * 1000)
      const expired = await seal(current, { user_id: 42 })
      vi.useRealTimers()
      expect(await whoami(rotating, expired)).toEqual({ status: 200, user_id: null })
      await expect(current.read(cookies(expired))).rejects.toThrow(/expired at/)
    })

    it('accepts a seal expired less than 60 s ago (iron clock skew), as iron-session does', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() - (TTL + 30) * 1000)
      const grace = await seal(current, { user_id: 42 })
      vi.useRealTimers()
      expect(await whoami(rotating, grace)).toEqual({ status: 200, user_id: 42 })
      expect((await current.read(cookies(grace)))?.data).toEqual({ user_id: 42 })
    })

    it('records no issue time: a seal expiring far in the future is valid for both', async () => {
      const future = await seal(ironSession({ password: { 2: NEW }, cookieName: COOKIE, ttl: 10 * 365 * 86_400 }), { user_id: 42 })
      expect(await whoami(rotating, future)).toEqual({ status: 200, user_id: 42 })
      const read = await current.read(cookies(future))
      expect(read?.issuedAt).toBeUndefined()
      expect(read?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86_400_000)
    })
  })

  describe('S4: awkward values', () => {
    const awkward = { note: 'a; b, "c" \\ d', unicode: 'é 日本 😀', nested: { list: [1, 'x;y'] } }

    it('round-trips values with ; , " \\ and non-ASCII both ways, in cookie-octets only', async () => {
      const value = await seal(current, awkward)
      expect(value).toMatch(COOKIE_OCTETS)
      const echoed = await fetch(`${rotating.url}/session`, { headers: { cookie: `${COOKIE}=${value}` } })
      expect(await echoed.json()).toEqual(awkward)
      const set = setCookieValue(await post(rotating, '/set', awkward))
      expect((await current.read(cookies(set)))?.data).toEqual(awkward)
    })

    it('S2: a __proto__ key stays plain data and pollutes nothing', async () => {
      const value = await seal(current, JSON.parse('{"__proto__":{"isAdmin":true},"user_id":1}') as Record<string, unknown>)
      const read = await current.read(cookies(value))
      expect((read?.data as { isAdmin?: unknown }).isAdmin).toBeUndefined()
      expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined()
    })
  })

  describe('when configured wrongly', () => {
    it('throws ConfigError for a password under 32 characters, a non-numeric id or no cookieName', () => {
      expect(() => ironSession({ password: 'short', cookieName: COOKIE })).toThrow(ConfigError)
      expect(() => ironSession({ password: { current: NEW }, cookieName: COOKIE })).toThrow(/not a number/)
      expect(() => ironSession({ password: NEW, cookieName: '' })).toThrow(/cookieName/)
    })

    it('reports keyIndex by id order, newest first, and describes the key set without secrets', async () => {
      const format = ironSession({ password: { 3: OTHER, 1: OLD, 2: NEW }, cookieName: COOKIE })
      expect(format.keysDescription).toBe('3 passwords')
      expect(format.keysDescription).not.toContain(NEW)
      const details = await format.read(cookies(await seal(oldOnly, {})))
      expect(details?.keyIndex).toBe(2)
      await using client = createTestClient(rotating.url, { session: format })
      expect(await readSessionDetails(client)).toBeNull()
    })
  })
})

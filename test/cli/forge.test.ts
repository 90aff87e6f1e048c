import cookieSession from 'cookie-session'
import express from 'express'
import type { RequestHandler } from 'express'
import { getIronSession } from 'iron-session'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { listenLocal, runCaptured, type CliRun, type LocalServer } from '../support/cli-harness.js'
import { startFlask, type FlaskServer } from '../support/flask-server.js'
import { createReferenceApp } from '../support/reference-app.js'

const CURRENT = 'current-secret-0123456789abcdef0123456789'
const OLD = 'previous-secret-0123456789abcdef012345678'
const ENV = { APP_SECRET: CURRENT, OLD_SECRET: OLD }

const cli = (args: string[], env: Record<string, string> = ENV): Promise<CliRun> => runCaptured(args, env)

const forge = (args: string[], env?: Record<string, string>) => cli(['forge', ...args], env)

const listen = listenLocal

/** What the app sees at GET /me with this Cookie header, as curl -H "Cookie: ..." would send it. */
async function me(url: string, cookie: string, path = '/me'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, { headers: { cookie } })
  return { status: response.status, body: await response.json() }
}

const servers: LocalServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

describe('session-testkit forge', () => {
  it('documents every flag in --help, and why express-session is not forged', async () => {
    const result = await cli(['forge', '--help'])
    expect(result.code).toBe(0)
    for (const flag of ['--format', '--secret-env', '--data', '--cookie-name', '--lifetime', '--help']) expect(result.out).toContain(flag)
    expect(result.out).toMatch(/express-session keeps the data in the app's store/)
  })

  describe('--format cookie-session (real cookie-session)', () => {
    let server: LocalServer
    beforeAll(async () => {
      const app = express()
      app.use(cookieSession({ keys: [CURRENT, OLD] }) as unknown as RequestHandler)
      app.get('/me', (req, res) => {
        res.json((req as unknown as { session: Record<string, unknown> }).session)
      })
      server = await listen(app)
      servers.push(server)
    })

    it('prints "session=...; session.sig=..." that the app accepts', async () => {
      const result = await forge(['--format', 'cookie-session', '--secret-env', 'APP_SECRET,OLD_SECRET', '--data', '{"user_id":1,"role":"admin"}'])
      expect(result.code).toBe(0)
      expect(result.err).toBe('')
      expect(result.out).toMatch(/^session=[A-Za-z0-9+/=]+; session\.sig=[A-Za-z0-9_-]+\n$/)
      expect(await me(server.url, result.out.trim())).toEqual({ status: 200, body: { user_id: 1, role: 'admin' } })
    })

    it('K2: signs with the first --secret-env only', async () => {
      const signed = await forge(['--format', 'cookie-session', '--secret-env', 'APP_SECRET', '--secret-env', 'OLD_SECRET', '--data', '{"user_id":2}'])
      const alone = await cli(['decode', '--format', 'cookie-session', '--secret-env', 'APP_SECRET', '--details', signed.out.trim()])
      expect(alone.code).toBe(0)
      expect(JSON.parse(alone.out)).toMatchObject({ data: { user_id: 2 }, keyIndex: 0 })
    })

    it('T3: a cookie forged with the wrong key is anonymous to the app', async () => {
      const result = await forge(['--format', 'cookie-session', '--secret-env', 'WRONG', '--data', '{"user_id":1}'], { WRONG: 'wrong-secret-0123456789abcdef0123456789ab' })
      expect(result.code).toBe(0)
      expect(await me(server.url, result.out.trim())).toEqual({ status: 200, body: {} })
    })
  })

  describe('--format flask (real Flask)', () => {
    let flaskServer: FlaskServer
    beforeAll(async () => {
      flaskServer = await startFlask({ secret_key: CURRENT })
    })
    afterAll(() => flaskServer.close())

    it('prints a session cookie Flask reads', async () => {
      const result = await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '--data', '{"user_id":42}'])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/^session=[A-Za-z0-9._-]+\n$/)
      expect(await me(flaskServer.url, result.out.trim(), '/whoami')).toEqual({ status: 200, body: { user_id: 42 } })
    })

    it('refuses an empty session, for which Flask sends no cookie', async () => {
      const result = await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '--data', '{}'])
      expect(result).toEqual({ code: 2, out: '', err: 'session-testkit: flask sends no cookie for an empty session. Pass some data, e.g. --data \'{"user_id":1}\'.\n' })
    })
  })

  describe('--format iron-session (real iron-session 8)', () => {
    it('prints a sealed cookie that iron-session unseals', async () => {
      const server = await listen((req, res) => {
        void (async () => {
          const data = await getIronSession<Record<string, unknown>>(req, res, { password: { 1: OLD, 2: CURRENT }, cookieName: 'app_session' })
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ user_id: data['user_id'] ?? null }))
        })()
      })
      servers.push(server)
      const result = await forge(['--format', 'iron-session', '--cookie-name', 'app_session', '--secret-env', 'APP_SECRET,OLD_SECRET', '--data', '{"user_id":3}'])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/^app_session=Fe26\.2\*2\*[^;]+~2\n$/)
      expect(await me(server.url, result.out.trim())).toEqual({ status: 200, body: { user_id: 3 } })
    })
  })

  describe('--format reference (cookie store)', () => {
    it('prints a cookie the reference middleware accepts', async () => {
      const { app } = createReferenceApp({ config: { secretKey: CURRENT } })
      const server = await listen(app)
      servers.push(server)
      const result = await forge(['--format', 'reference', '--secret-env', 'APP_SECRET', '--data', '{"user_id":1}'])
      expect(result.code).toBe(0)
      expect(await me(server.url, result.out.trim())).toEqual({ status: 200, body: { user_id: 1 } })
    })

    it('exits 2 with the reason when the secret is too short for the reference middleware', async () => {
      const result = await forge(['--format', 'reference', '--secret-env', 'SHORT', '--data', '{"user_id":1}'], { SHORT: 'short-key' })
      expect(result).toEqual({ code: 2, out: '', err: 'session-testkit: secretKey is 9 bytes; use at least 32 random bytes (e.g. from an environment variable).\n' })
    })
  })

  describe('--lifetime', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('iron-session: writes the ttl into the seal', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
      const args = ['--format', 'iron-session', '--cookie-name', 'app_session', '--secret-env', 'APP_SECRET']
      const forged = await forge([...args, '--lifetime', '120', '--data', '{"user_id":1}'])
      const decoded = await cli(['decode', ...args, '--details', forged.out.trim()])
      expect(JSON.parse(decoded.out)).toMatchObject({ expiresAt: '2026-01-01T00:02:00.000Z' })
    })

    it('L9: flask decode rejects a session signed longer ago than --lifetime', async () => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
      const forged = await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '--data', '{"user_id":1}'])
      vi.setSystemTime(new Date('2026-01-01T00:02:00Z'))
      const args = ['decode', '--format', 'flask', '--secret-env', 'APP_SECRET', forged.out.trim()]
      expect(await cli(args)).toMatchObject({ code: 0 })
      const expired = await cli([...args, '--lifetime', '60'])
      expect(expired).toMatchObject({ code: 1, out: '' })
      expect(expired.err).toMatch(/^session-testkit: .*flask/)
    })
  })

  describe('when --data is unsafe or not an object', () => {
    it('S2: refuses __proto__ and constructor keys at any depth', async () => {
      for (const data of ['{"__proto__":{"isAdmin":true}}', '{"a":{"constructor":{"prototype":{"isAdmin":true}}}}']) {
        const result = await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '--data', data])
        expect(result.code).toBe(2)
        expect(result.out).toBe('')
        expect(result.err).toMatch(/^session-testkit: --data has a "(__proto__|constructor)" key, which could pollute object prototypes \(S2\)\. Remove it\.\n$/)
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    })

    it('S3: refuses JSON that is not an object, and text that is not JSON', async () => {
      for (const data of ['[1]', '"x"', 'null', '42']) {
        expect(await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '--data', data])).toMatchObject({ code: 2, err: expect.stringMatching(/--data is not a JSON object/) })
      }
      expect(await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '--data', "{user_id:1}"])).toMatchObject({ code: 2, err: expect.stringMatching(/--data is not valid JSON/) })
    })
  })

  describe('when used wrongly', () => {
    it('refuses --secret and says to use --secret-env', async () => {
      const result = await forge(['--format', 'flask', '--secret', 'hunter2-hunter2', '--data', '{"user_id":1}'])
      expect(result.code).toBe(2)
      expect(result.err).toMatch(/forge does not take a secret as --secret .*--secret-env NAME\./)
      expect(result.err).not.toContain('hunter2')
    })

    it('refuses express-session, whose data lives in the store', async () => {
      const result = await forge(['--format', 'express-session', '--secret-env', 'APP_SECRET', '--data', '{"user_id":1}'])
      expect(result).toMatchObject({ code: 2, out: '', err: expect.stringMatching(/forge cannot make an express-session session: its data lives in the app's store.*sessionTransaction\(\)/) })
    })

    it('exits 2 without --data or with a positional argument', async () => {
      expect(await forge(['--format', 'flask', '--secret-env', 'APP_SECRET'])).toMatchObject({ code: 2, err: expect.stringMatching(/forge needs --data/) })
      expect(await forge(['--format', 'flask', '--secret-env', 'APP_SECRET', '{"user_id":1}'])).toMatchObject({ code: 2, err: expect.stringMatching(/forge takes no positional argument/) })
    })
  })
})

import cookieSession from 'cookie-session'
import express from 'express'
import type { RequestHandler } from 'express'
import session from 'express-session'
import { getIronSession } from 'iron-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stores } from '../../src/stores/index.js'
import { listenLocal, runCaptured, type CliRun, type LocalServer } from '../support/cli-harness.js'
import { startFlask, type FlaskServer } from '../support/flask-server.js'
import { createReferenceApp } from '../support/reference-app.js'

const CURRENT = 'current-secret-0123456789abcdef0123456789'
const OLD = 'previous-secret-0123456789abcdef012345678'
const ENV = { APP_SECRET: CURRENT, OLD_SECRET: OLD }

const decode = (args: string[], env: Record<string, string> = ENV): Promise<CliRun> => runCaptured(['decode', ...args], env)

const listen = listenLocal

/** An express app on a session middleware: POST /login stores the JSON body in the session. */
function sessionApp(middleware: RequestHandler): express.Express {
  const app = express()
  app.use(express.json())
  app.use(middleware)
  app.post('/login', (req, res) => {
    Object.assign((req as unknown as { session: Record<string, unknown> }).session, req.body)
    res.json({ ok: true })
  })
  return app
}

/** The Cookie header a browser would send back after `POST url/login`. */
async function loginCookies(url: string, body: object): Promise<string> {
  const response = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(response.status).toBe(200)
  return response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ')
}

const servers: LocalServer[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

describe('session-testkit decode', () => {
  it('documents every flag and each format in --help', async () => {
    const io = await decode(['--help'])
    expect(io.code).toBe(0)
    for (const flag of ['--format', '--secret-env', '--cookie-name', '--lifetime', '--server-side', '--details', '--help']) expect(io.out).toContain(flag)
    for (const format of ['express-session', 'cookie-session', 'flask', 'iron-session', 'reference']) expect(io.out).toContain(format)
    expect(io.out).toMatch(/express-session[\s\S]*prints \{"id": "<session id>"\}/)
  })

  describe('when a secret is given on the command line', () => {
    it('refuses --secret and says to use --secret-env, without echoing the secret', async () => {
      for (const args of [['--secret', 'hunter2-hunter2'], ['--secret=hunter2-hunter2']]) {
        const result = await decode(['--format', 'flask', ...args, 'abc'])
        expect(result.code).toBe(2)
        expect(result.err).toMatch(/^session-testkit: decode does not take a secret as --secret .*Put the secret in an environment variable and pass its name: --secret-env NAME\.\n$/)
        expect(result.err).not.toContain('hunter2')
        expect(result.out).toBe('')
      }
    })
  })

  describe('when --secret-env is missing or names an unset variable', () => {
    it('exits 2 naming the variable, never a value', async () => {
      const none = await decode(['--format', 'flask', 'abc'])
      expect(none.code).toBe(2)
      expect(none.err).toMatch(/no secret given\. .*--secret-env NAME/)
      const unset = await decode(['--format', 'flask', '--secret-env', 'APP_SECRET,NOT_SET', 'abc'])
      expect(unset.code).toBe(2)
      expect(unset.err).toBe('session-testkit: the environment variable NOT_SET (from --secret-env) is not set. Export it with the app\'s secret, or pass the name of the variable that holds it.\n')
    })

    it('exits 2 for an unknown --format or a missing cookie argument', async () => {
      expect(await decode(['--format', 'php', '--secret-env', 'APP_SECRET', 'abc'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown --format "php"\. Pass one of express-session, cookie-session, flask, iron-session, reference\./) })
      expect(await decode(['--format', 'flask', '--secret-env', 'APP_SECRET'])).toMatchObject({ code: 2, err: expect.stringMatching(/takes exactly one cookie value or Cookie header \(got 0\)/) })
    })
  })

  describe('--format express-session (real express-session, MemoryStore)', () => {
    const store = new session.MemoryStore()
    let server: LocalServer
    beforeAll(async () => {
      // The app still verifies with OLD_SECRET but signs with it first (K1 from the CLI's side).
      server = await listen(sessionApp(session({ secret: [OLD, CURRENT], store, resave: false, saveUninitialized: false })))
      servers.push(server)
    })

    it('verifies the signature and prints the session id the store holds', async () => {
      const header = await loginCookies(server.url, { user_id: 7 })
      const ids = Object.keys((store as unknown as { sessions: Record<string, string> }).sessions)
      expect(ids).toHaveLength(1)
      const result = await decode(['--format', 'express-session', '--secret-env', 'OLD_SECRET', header])
      expect(result.code).toBe(0)
      expect(JSON.parse(result.out)).toEqual({ id: ids[0] })
      expect(result.err).toMatch(/express-session keeps the session data in the app's store, so only the session id is shown/)
    })

    it('K1: with --details reports which key (and variable) verified a fallback-signed cookie', async () => {
      const header = await loginCookies(server.url, { user_id: 8 })
      const value = header.slice('connect.sid='.length)
      const result = await decode(['--format', 'express-session', '--secret-env', 'APP_SECRET', '--secret-env', 'OLD_SECRET', '--details', value])
      expect(result.code).toBe(0)
      expect(JSON.parse(result.out)).toMatchObject({ keyIndex: 1, verifiedBy: 'OLD_SECRET', id: expect.any(String) })
    })

    it('T1: exits 1 with the BadSignatureError message for a tampered cookie, printing neither cookie nor secret', async () => {
      const header = await loginCookies(server.url, { user_id: 9 })
      // One character of the session id changed (T1), the signature kept.
      const signed = decodeURIComponent(header.slice('connect.sid='.length))
      const tampered = `connect.sid=${encodeURIComponent(`${signed.slice(0, 4)}${signed[4] === 'x' ? 'y' : 'x'}${signed.slice(5)}`)}`
      const result = await decode(['--format', 'express-session', '--secret-env', 'OLD_SECRET', tampered])
      expect(result.code).toBe(1)
      expect(result.out).toBe('')
      expect(result.err).toBe('session-testkit: the express-session cookie "connect.sid" did not verify with any of the format\'s 1 secret (HMAC-SHA256, cookie-signature). Pass the app\'s secret(s) to formats.expressSession({ secret }).\n')
      expect(result.err).not.toContain(tampered.slice('connect.sid='.length, 30))
      expect(result.err).not.toContain(OLD)
    })

    it('K5: exits 1 for a cookie signed with a key it was not given', async () => {
      const header = await loginCookies(server.url, { user_id: 10 })
      const result = await decode(['--format', 'express-session', '--secret-env', 'APP_SECRET', header])
      expect(result.code).toBe(1)
      expect(result.err).toMatch(/did not verify/)
    })
  })

  describe('--format cookie-session (real cookie-session)', () => {
    let server: LocalServer
    beforeAll(async () => {
      server = await listen(sessionApp(cookieSession({ keys: [CURRENT, OLD] }) as unknown as RequestHandler))
      servers.push(server)
    })

    it('prints the verified session data from the Cookie header', async () => {
      const header = await loginCookies(server.url, { user_id: 42, role: 'admin' })
      expect(header).toMatch(/^session=[^;]+; session\.sig=/)
      const result = await decode(['--format', 'cookie-session', '--secret-env', 'APP_SECRET,OLD_SECRET', header])
      expect(result).toEqual({ code: 0, out: `${JSON.stringify({ user_id: 42, role: 'admin' }, null, 2)}\n`, err: '' })
    })

    it('T4: exits 1 when the signature cookie is missing or belongs to another name', async () => {
      const header = await loginCookies(server.url, { user_id: 42 })
      const [value] = header.split('; ')
      const unsigned = await decode(['--format', 'cookie-session', '--secret-env', 'APP_SECRET', value ?? ''])
      expect(unsigned.code).toBe(1)
      expect(unsigned.err).toMatch(/has no "session\.sig" signature cookie/)
      const renamed = await decode(['--format', 'cookie-session', '--secret-env', 'APP_SECRET', '--cookie-name', 'other', header.replace(/session/g, 'other')])
      expect(renamed.code).toBe(1)
      expect(renamed.err).toMatch(/did not verify/)
    })

    it('exits 2 when the Cookie header has no cookie of that name', async () => {
      const result = await decode(['--format', 'cookie-session', '--secret-env', 'APP_SECRET', 'a=1; b=2'])
      expect(result).toMatchObject({ code: 2, err: 'session-testkit: the Cookie header has no "session" cookie (it has: a, b). Pass --cookie-name with the app\'s session cookie name.\n' })
    })
  })

  describe('--format flask (real Flask)', () => {
    let flaskServer: FlaskServer
    beforeAll(async () => {
      flaskServer = await startFlask({ secret_key: CURRENT })
    })
    afterAll(() => flaskServer.close())

    it('prints the data and, with --details, keyIndex and the signing time', async () => {
      const before = Math.floor(Date.now() / 1000) * 1000
      const header = await loginCookies(flaskServer.url, { user_id: 42, permanent: true })
      const result = await decode(['--format', 'flask', '--secret-env', 'APP_SECRET', '--details', header])
      expect(result.code).toBe(0)
      const report = JSON.parse(result.out) as { data: unknown; keyIndex: number; verifiedBy: string; issuedAt: string; expiresAt: string }
      expect(report).toMatchObject({ data: { user_id: 42, _permanent: true }, keyIndex: 0, verifiedBy: 'APP_SECRET' })
      expect(Date.parse(report.issuedAt)).toBeGreaterThanOrEqual(before)
      expect(Date.parse(report.expiresAt) - Date.parse(report.issuedAt)).toBe(31 * 86_400_000)
    })

    it('prints Flask\'s tagged values (tuple, bytes, UUID, datetime, Markup) as plain JSON', async () => {
      const response = await fetch(`${flaskServer.url}/set-typed`, { method: 'POST' })
      const header = response.headers.getSetCookie().map((h) => h.split(';')[0]).join('; ')
      const result = await decode(['--format', 'flask', '--secret-env', 'APP_SECRET', header])
      expect(result.code).toBe(0)
      expect(JSON.parse(result.out)).toMatchObject({
        tuple: ['a', 1],
        bytes: { bytes: '00ff62696e' },
        uuid: { hex: '12345678123456781234567812345678' },
        when: '2024-02-29T12:34:56.000Z',
        markup: { html: '<b>hi</b>' },
        text: 'a; b, "c" \\ é 日本 😀',
      })
    })

    it('K4: exits 1 when only a retired key is given', async () => {
      const header = await loginCookies(flaskServer.url, { user_id: 42 })
      const result = await decode(['--format', 'flask', '--secret-env', 'OLD_SECRET', header.slice('session='.length)])
      expect(result.code).toBe(1)
      expect(result.err).toMatch(/^session-testkit: the flask session/)
      expect(result.out).toBe('')
    })
  })

  describe('--format iron-session (real iron-session 8)', () => {
    let server: LocalServer
    beforeAll(async () => {
      server = await listen((req, res) => {
        void (async () => {
          let body = ''
          for await (const chunk of req) body += String(chunk)
          const ironSessionData = await getIronSession<Record<string, unknown>>(req, res, { password: { 1: OLD, 2: CURRENT }, cookieName: 'app_session' })
          Object.assign(ironSessionData, JSON.parse(body) as object)
          await ironSessionData.save()
          res.end('{}')
        })()
      })
      servers.push(server)
    })

    it('unseals with plain variables (newest first) or a JSON password map', async () => {
      const header = await loginCookies(server.url, { user_id: 5 })
      const plain = await decode(['--format', 'iron-session', '--cookie-name', 'app_session', '--secret-env', 'APP_SECRET,OLD_SECRET', '--details', header])
      expect(plain.code).toBe(0)
      expect(JSON.parse(plain.out)).toMatchObject({ data: { user_id: 5 }, keyIndex: 0, verifiedBy: 'APP_SECRET', expiresAt: expect.any(String) })
      const map = await decode(['--format', 'iron-session', '--cookie-name', 'app_session', '--secret-env', 'IRON_PASSWORDS', header], { IRON_PASSWORDS: JSON.stringify({ 1: OLD, 2: CURRENT }) })
      expect(map).toMatchObject({ code: 0, out: `${JSON.stringify({ user_id: 5 }, null, 2)}\n` })
    })

    it('exits 2 without --cookie-name, which iron-session has no default for', async () => {
      const result = await decode(['--format', 'iron-session', '--secret-env', 'APP_SECRET', 'Fe26.2*x'])
      expect(result).toMatchObject({ code: 2, err: expect.stringMatching(/iron-session has no default cookie name\. Pass --cookie-name/) })
    })
  })

  describe('--format reference (the reference middleware)', () => {
    it('prints the data of a cookie-store session', async () => {
      const { app } = createReferenceApp({ config: { secretKey: CURRENT } })
      const server = await listen(app)
      servers.push(server)
      const header = await loginCookies(server.url, { userId: 1 })
      const result = await decode(['--format', 'reference', '--secret-env', 'APP_SECRET', header])
      expect(result.code).toBe(0)
      expect(JSON.parse(result.out)).toMatchObject({ user_id: 1 })
    })

    it('with --server-side verifies the signed id and prints it', async () => {
      const store = stores.memory()
      const { app } = createReferenceApp({ config: { secretKey: CURRENT, store } })
      const server = await listen(app)
      servers.push(server)
      const header = await loginCookies(server.url, { userId: 2 })
      const result = await decode(['--format', 'reference', '--server-side', '--secret-env', 'APP_SECRET', header])
      expect(result.code).toBe(0)
      const { id } = JSON.parse(result.out) as { id: string }
      expect(await store.get(id)).toMatchObject({ data: { user_id: 2 } })
      const notServerSide = await decode(['--format', 'reference', '--secret-env', 'APP_SECRET', header])
      expect(notServerSide.code).toBe(1)
    })
  })
})

import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import session from 'express-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditReport } from '../../src/cli/audit-report.js'
import { runCaptured, type CliRun } from '../support/cli-harness.js'

const SECRET = 'audit-secret-0123456789abcdef0123456789ab'

const audit = (args: string[]): Promise<CliRun> => runCaptured(['audit', ...args])

interface Server {
  url: string
  hits: Map<string, number>
  authorization: string[]
  close(): Promise<void>
}

async function listen(app: express.Express): Promise<Server> {
  const hits = new Map<string, number>()
  const authorization: string[] = []
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== undefined) authorization.push(req.headers.authorization)
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1)
    app(req, res)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    authorization,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** POST /login stores `user_id` from the JSON body (400 and no session without it). */
function app(options: session.SessionOptions, extra: (app: express.Express) => void = () => {}): express.Express {
  const a = express()
  a.set('trust proxy', 'loopback')
  extra(a)
  a.use(express.json())
  a.use(session(options))
  a.post('/login', (req, res) => {
    const userId = (req.body as { user_id?: unknown } | undefined)?.user_id
    if (userId === undefined) return void res.status(400).json({ error: 'user_id required' })
    ;(req.session as unknown as Record<string, unknown>).user_id = userId
    res.json({ ok: true })
  })
  a.get('/login-get', (req, res) => {
    ;(req.session as unknown as Record<string, unknown>).user_id = 1
    res.json({ ok: true })
  })
  a.get('/redirect', (_req, res) => res.redirect(302, '/login-get'))
  a.get('/anon', (_req, res) => res.json({ ok: true }))
  a.post('/logout', (_req, res) => {
    res.clearCookie('__Host-sid', { path: '/', secure: true, httpOnly: true, sameSite: 'strict' })
    res.json({ ok: true })
  })
  return a
}

let defaults: Server
let hardened: Server
beforeAll(async () => {
  // express-session's documented default configuration: no Secure, no SameSite.
  defaults = await listen(app({ secret: SECRET, resave: false, saveUninitialized: false }))
  // Secure (through a TLS-terminating proxy), HttpOnly, SameSite=Strict, __Host- name, 1 h, no-store.
  hardened = await listen(
    app(
      { secret: SECRET, name: '__Host-sid', resave: false, saveUninitialized: false, cookie: { secure: true, httpOnly: true, sameSite: 'strict', maxAge: 3_600_000 } },
      (a) => a.use((_req, res, next) => {
        res.setHeader('Cache-Control', 'no-store')
        next()
      }),
    ),
  )
})
afterAll(async () => {
  await Promise.all([defaults.close(), hardened.close()])
})

const HTTPS = ['--header', 'X-Forwarded-Proto: https']

describe('session-testkit audit', () => {
  it('documents every flag in --help', async () => {
    const io = await audit(['--help'])
    expect(io.code).toBe(0)
    for (const flag of ['--method', '--data', '--header', '--policy', '--require-prefix', '--timeout', '--json', '--help']) expect(io.out).toContain(flag)
  })

  describe('an express-session app with the default configuration', () => {
    it('A1, A3, A11: reports each violation by rule ID, value redacted, and exits 1', async () => {
      const result = await audit([`${defaults.url}/login`, '--data', '{"user_id":1}'])
      expect(result.code).toBe(1)
      expect(result.out).toMatch(new RegExp(`^POST ${defaults.url}/login -> 200, 1 Set-Cookie header \\(policy hardened\\)\\n`))
      expect(result.out).toMatch(/^ {2}connect\.sid=s%3A.{2}…; Path=\/; Expires=|^ {2}connect\.sid=s%3A.{2}…; Path=\/; HttpOnly$/m)
      expect(result.out).toMatch(/^ {4}A1 {2}cookie "connect\.sid" /m)
      expect(result.out).toMatch(/^ {4}A3 {2}cookie "connect\.sid" /m)
      expect(result.out).toMatch(/^ {4}A11 the response sets cookies without Vary: Cookie or Cache-Control: private\/no-store/m)
      expect(result.out).toMatch(/\n3 violations \(A1, A3, A11\)\.\n$/)
      expect(result.out).not.toMatch(/s%3A[A-Za-z0-9_-]{10,}/)
    })

    it('--json prints a machine-readable report with redacted values', async () => {
      const result = await audit([`${defaults.url}/login`, '--method', 'post', '--data', '{"user_id":1}', '--json'])
      expect(result.code).toBe(1)
      const report = JSON.parse(result.out) as AuditReport
      expect(report).toMatchObject({ url: `${defaults.url}/login`, method: 'POST', status: 200, policy: 'hardened', ok: false, violationCount: 3 })
      expect(report.cookies).toHaveLength(1)
      expect(report.cookies[0]).toMatchObject({ name: 'connect.sid', deletion: false })
      expect(report.cookies[0]?.setCookie).toMatch(/^connect\.sid=s%3A.{2}…;/)
      expect(report.cookies[0]?.violations.map((v) => v.id)).toEqual(['A1', 'A3'])
      expect(report.response.map((v) => v.id)).toEqual(['A11'])
    })

    it('A4: --require-prefix __Host- adds the prefix rule', async () => {
      const result = await audit([`${defaults.url}/login-get`, '--require-prefix', '__Host-', '--json'])
      const report = JSON.parse(result.out) as AuditReport
      expect(report.policy).toBe('hardened, __Host- required')
      expect(report.cookies[0]?.violations.map((v) => v.id)).toEqual(['A1', 'A3', 'A4'])
    })

    it('sends --data as a JSON body (without it the app sets no cookie, which is clean)', async () => {
      const result = await audit([`${defaults.url}/login`, '--method', 'POST'])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/-> 400, 0 Set-Cookie headers/)
      expect(result.err).toMatch(/the response set no cookie, so there was nothing to audit/)
    })
  })

  describe('a hardened express-session app', () => {
    it('is clean under the hardened and the strict policy (exit 0)', async () => {
      const result = await audit([`${hardened.url}/login`, '--data', '{"user_id":1}', ...HTTPS])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/^ {2}__Host-sid=s%3A.{2}…; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict\n {4}ok\n\nNo violations\.\n$/m)
      const strict = await audit([`${hardened.url}/login`, '--data', '{"user_id":1}', ...HTTPS, '--policy', 'strict', '--json'])
      expect(strict.code).toBe(0)
      expect(JSON.parse(strict.out)).toMatchObject({ ok: true, violationCount: 0, policy: 'strict' })
    })

    it('does not judge deletion headers by A1-A10 (L5 does)', async () => {
      const result = await audit([`${hardened.url}/logout`, '--method', 'POST'])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/deletion header: not judged by A1-A10 \(see L5\)/)
    })

    it('never follows a redirect: only the given URL is requested', async () => {
      const before = hardened.hits.get('/login-get') ?? 0
      const result = await audit([`${hardened.url}/redirect`, ...HTTPS])
      expect(result.code).toBe(0)
      expect(result.out).toMatch(/GET .*\/redirect -> 302, 0 Set-Cookie headers/)
      expect(hardened.hits.get('/login-get') ?? 0).toBe(before)
    })
  })

  describe('--policy strict on a SameSite=Lax cookie without a prefix', () => {
    it('A3, A4: reports the stricter rules', async () => {
      const lax = await listen(app({ secret: SECRET, name: 'sid', resave: false, saveUninitialized: false, cookie: { secure: true, sameSite: 'lax' } }, (a) => a.use((_q, res, next) => {
        res.setHeader('Vary', 'Cookie')
        next()
      })))
      try {
        const hardenedResult = await audit([`${lax.url}/login-get`, ...HTTPS])
        expect(hardenedResult.code).toBe(0)
        const result = await audit([`${lax.url}/login-get`, ...HTTPS, '--policy', 'strict', '--json'])
        expect(result.code).toBe(1)
        const report = JSON.parse(result.out) as AuditReport
        expect(report.cookies[0]?.violations.map((v) => v.id)).toEqual(['A3', 'A4'])
        expect(report.response).toEqual([])
      } finally {
        await lax.close()
      }
    })
  })

  describe('when used wrongly or the server is down', () => {
    it('sends user:password@ of the URL as Basic auth and never prints it', async () => {
      const result = await audit([hardened.url.replace('//', '//ada:s3cr%40t@') + '/anon'])
      expect(result.code).toBe(0)
      expect(hardened.authorization).toEqual([`Basic ${Buffer.from('ada:s3cr@t').toString('base64')}`])
      expect(result.out + result.err).not.toMatch(/ada|s3cr/)
    })

    it('exits 1 when nothing listens at the URL', async () => {
      const probe = http.createServer().listen(0, '127.0.0.1')
      await once(probe, 'listening')
      const { port } = probe.address() as AddressInfo
      await new Promise((resolve) => probe.close(resolve))
      const result = await audit([`http://user:pw@127.0.0.1:${port}/`])
      expect(result.code).toBe(1)
      expect(result.err).toBe(`session-testkit: could not reach http://127.0.0.1:${port}/ (ECONNREFUSED). Check that the server is running and the URL is right.\n`)
    })

    it('exits 2 on a bad URL, --data with GET, a bad --header, --policy or --require-prefix', async () => {
      expect(await audit(['ftp://127.0.0.1/'])).toMatchObject({ code: 2, err: expect.stringMatching(/audit needs one http:\/\/ or https:\/\/ URL, not "ftp:\/\/127\.0\.0\.1\/"/) })
      expect(await audit([])).toMatchObject({ code: 2, err: expect.stringMatching(/audit takes exactly one URL \(got 0\)/) })
      expect(await audit([`${defaults.url}/`, '--method', 'GET', '--data', '{}'])).toMatchObject({ code: 2, err: expect.stringMatching(/a GET request has no body/) })
      expect(await audit([`${defaults.url}/`, '--header', 'no colon'])).toMatchObject({ code: 2, err: expect.stringMatching(/--header "no colon" is not "Name: value"/) })
      expect(await audit([`${defaults.url}/`, '--policy', 'lax'])).toMatchObject({ code: 2, err: expect.stringMatching(/--policy "lax" is not one of hardened, strict/) })
      expect(await audit([`${defaults.url}/`, '--require-prefix', '__host-'])).toMatchObject({ code: 2, err: expect.stringMatching(/--require-prefix "__host-" is not one of __Host-, __Secure-/) })
      expect(defaults.hits.get('/') ?? 0).toBe(0)
    })
  })
})

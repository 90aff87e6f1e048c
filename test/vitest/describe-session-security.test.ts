import { randomBytes } from 'node:crypto'
import http from 'node:http'
import express, { type Express } from 'express'
import session from 'express-session'
import { describe, expect, it } from 'vitest'
import * as formats from '../../src/formats/index.js'
import { stores } from '../../src/stores/index.js'
import { describeSessionSecurity } from '../../src/vitest/describe-session-security.js'
import { plannedChecks, securityCheckRules, securityChecks } from '../../src/vitest/security/checks.js'
import { SecurityCheckError } from '../../src/vitest/security/errors.js'
import { estimateIdBits } from '../../src/vitest/security/id-entropy.js'
import type { SecurityCheckId, SessionSecurityOptions } from '../../src/vitest/security/types.js'
import { brokenVariants, type BrokenVariantId } from '../support/broken-variants.js'
import { createReferenceApp, TEST_RETIRED, TEST_USERS, type ReferenceApp } from '../support/reference-app.js'
import { cookieSessionApp, PEER_SECRET } from './peer-apps.js'

declare module 'express-session' {
  interface SessionData {
    user_id?: number
  }
}

const ada = TEST_USERS[0]
const UNKNOWN_KEY = 'an-unknown-key-the-app-never-had-0123456789'

/** The suite options for one reference app instance, as a user would write them. */
function referenceOptions({ app, config, format }: ReferenceApp, overrides: Partial<SessionSecurityOptions> = {}): SessionSecurityOptions {
  return {
    app,
    session: format,
    origin: 'https://app.test',
    login: { path: '/login', send: { email: ada.email, password: ada.password } },
    logout: { path: '/logout' },
    probe: '/me',
    anonymous: '/anon',
    write: { path: '/cart', send: { item: 'book' } },
    retiredKeyFormat: formats.reference({ ...config, secretKey: TEST_RETIRED, secretKeyFallbacks: [] }),
    unknownKeyFormat: formats.reference({ ...config, secretKey: UNKNOWN_KEY, secretKeyFallbacks: [] }),
    ...overrides,
  }
}

/** The rejection of a check, or `undefined` when it passed. */
const failureOf = (check: Promise<void>): Promise<unknown> => check.then(() => undefined, (error: unknown) => error)

describe('describeSessionSecurity(name, options)', () => {
  describe('when run against the reference app with cookie storage', () => {
    describeSessionSecurity('reference app (cookie storage)', referenceOptions(createReferenceApp()))
  })

  describe('when run against the reference app with a memory store', () => {
    const options = referenceOptions(createReferenceApp({ config: { store: stores.memory() } }))
    describeSessionSecurity('reference app (memory store)', options)

    it('generates one test per planned check, named "<ID>: <rule>"', ({ task }) => {
      const generated = task.suite?.tasks.find((t) => t.name === 'reference app (memory store)')
      const names = generated?.type === 'suite' ? generated.tasks.map((t) => t.name) : []
      expect(names).toEqual(plannedChecks(options).run.map((id) => `${id}: ${securityCheckRules[id]}`))
      expect(names).toContain('L2: after login, the pre-login cookie replayed is not authenticated')
      expect(names).toHaveLength(23)
    })
  })

  describe('when run against express-session, hardened', () => {
    // README: describeSessionSecurity on an express-session app
    const secret = 'a test secret of at least thirty-two bytes!'
    const store = new session.MemoryStore()
    const cookie = { secure: true, httpOnly: true, sameSite: 'lax', path: '/', maxAge: 7 * 86_400_000 } as const
    const app = express()
    app.set('trust proxy', 1) // the test client sends X-Forwarded-Proto: https for an https origin
    app.use(express.json())
    app.use(session({ name: '__Host-sid', secret, store, resave: false, saveUninitialized: false, cookie }))
    app.post('/login', (req, res, next) => {
      if (req.body?.password !== 'correct horse battery staple') return void res.status(401).end()
      req.session.regenerate((err) => {
        if (err) return next(err)
        req.session.user_id = 1
        res.status(204).end()
      })
    })
    app.get('/me', (req, res) => void res.status(req.session.user_id ? 200 : 401).end())
    app.get('/', (_req, res) => void res.send('home'))
    app.post('/logout', (req, res, next) =>
      req.session.destroy((err) => {
        if (err) return next(err)
        res.clearCookie('__Host-sid', cookie).status(204).end()
      }),
    )

    describeSessionSecurity('express-session (hardened)', {
      app,
      session: formats.expressSession({ secret, store, name: '__Host-sid', cookie }),
      origin: 'https://app.test',
      login: { path: '/login', send: { email: 'ada@example.test', password: 'correct horse battery staple' } },
      logout: { path: '/logout' },
      probe: '/me',
      anonymous: '/',
      unknownKeyFormat: formats.expressSession({ secret: 'a key the app never had, 32+ bytes long', store, name: '__Host-sid', cookie }),
      skip: { A11: 'express-session sends neither Vary: Cookie nor Cache-Control: set them in the app' },
    })
    // end README

    it('A11: fails on express-session, which leaves caching headers to the app', async () => {
      const options: SessionSecurityOptions = { app, session: formats.expressSession({ secret, store, name: '__Host-sid', cookie }), origin: 'https://app.test', login: { path: '/login', send: { password: 'correct horse battery staple' } }, logout: { path: '/logout' }, probe: '/me' }
      const error = await failureOf(securityChecks.A11(options))
      expect(error).toBeInstanceOf(SecurityCheckError)
      expect(String(error)).toContain('A11 failed')
    })
  })
})

describe('describeSessionSecurity(name, options) with a stateless format', () => {
  describe('when run against cookie-session, hardened', () => {
    const { app } = cookieSessionApp('hardened')
    const format = (key: string): ReturnType<typeof formats.cookieSession> => formats.cookieSession({ keys: [key], secure: true, sameSite: 'strict', maxAge: 3_600_000 })
    describeSessionSecurity('cookie-session 2.1 (session + session.sig)', {
      app,
      session: format(PEER_SECRET),
      login: (client) => client.post('/login'),
      logout: { path: '/logout' },
      probe: '/me',
      unknownKeyFormat: format(UNKNOWN_KEY),
      skip: {
        A11: 'cookie-session sends neither Vary: Cookie nor Cache-Control: the app must',
        L6: 'cookie-session is stateless: a captured cookie stays valid until it expires, by design',
      },
    })

    it('L6: fails on cookie-session, which cannot revoke a captured cookie', async () => {
      const error = await failureOf(securityChecks.L6({ app, session: format(PEER_SECRET), login: (c) => c.post('/login'), logout: { path: '/logout' }, probe: '/me' }))
      expect(error).toBeInstanceOf(SecurityCheckError)
      expect(String(error)).toContain('L6 failed')
    })
  })
})

/** The generated checks that have a broken variant, and the options each variant needs. */
const proven: Partial<Record<BrokenVariantId, Partial<SessionSecurityOptions>>> = {
  A1: {}, A2: {}, A3: {}, A4: {}, A5: {}, A6: {},
  // A8: the cookie only outgrows 4096 bytes when the app stores that much.
  A8: { write: { path: '/cart', send: { item: 'x'.repeat(5000) } } },
  A9: {}, A10: {}, A11: {},
  L1: {}, L2: {}, L3: {}, L5: {}, L6: {}, L15: {},
  T1: {}, T3: {}, T6: {},
  K4: {}, K5: {},
}

describe('securityChecks', () => {
  it('covers every generated check that has a broken variant', () => {
    const withVariant = Object.keys(securityChecks).filter((id) => id in brokenVariants)
    expect(Object.keys(proven).sort()).toEqual(withVariant.sort())
  })

  describe.each(Object.entries(proven).map(([id, overrides]) => [id as BrokenVariantId & SecurityCheckId, overrides] as const))('%s', (id, overrides) => {
    const variant = brokenVariants[id]

    it(`${id}: passes on the baseline of "${variant.description}"`, async () => {
      await expect(securityChecks[id](referenceOptions(variant.createBaseline(), overrides))).resolves.toBeUndefined()
    })

    it(`${id}: fails on the broken variant "${variant.description}", naming ${id}`, async () => {
      const error = await failureOf(securityChecks[id](referenceOptions(variant.createApp(), overrides)))
      expect(error).toBeInstanceOf(SecurityCheckError)
      expect((error as SecurityCheckError).checkId).toBe(id)
      expect((error as Error).message).toMatch(new RegExp(`^session-testkit: ${id} failed: .+ Expected .+; received .+\\.$`, 's'))
      expect((error as Error).message).not.toMatch(/(session|sid)=[^;\s…]{7,}/)
    })
  })
})

/** The reference app behind a middleware that adds one flaw (for checks without a broken variant). */
function wrapped(flaw: express.RequestHandler): ReferenceApp {
  const inner = createReferenceApp()
  const app: Express = express()
  app.use(flaw)
  app.use(inner.app)
  return { ...inner, app }
}

describe('securityChecks on flaws without a broken variant', () => {
  it('A7: fails when the session Set-Cookie repeats an attribute', async () => {
    const duplicatePath = wrapped((_req, res, next) => {
      const setHeader = res.setHeader.bind(res)
      res.setHeader = (name, value) => setHeader(name, name.toLowerCase() === 'set-cookie' ? [value].flat().map((h) => `${String(h)}; Path=/`) : value)
      next()
    })
    await expect(securityChecks.A7(referenceOptions(createReferenceApp()))).resolves.toBeUndefined()
    const error = await failureOf(securityChecks.A7(referenceOptions(duplicatePath)))
    expect(error).toBeInstanceOf(SecurityCheckError)
    expect(String(error)).toContain('A7 failed')
  })

  it('T2: fails when a malformed cookie crashes the app (5xx)', async () => {
    const crashes = wrapped((req, _res, next) => {
      const value = /(?:^|;\s*)session=([^;]*)/.exec(req.headers.cookie ?? '')?.[1]
      next(value !== undefined && !value.includes('.') ? new Error('cannot split the session cookie') : undefined)
    })
    await expect(securityChecks.T2(referenceOptions(createReferenceApp()))).resolves.toBeUndefined()
    const error = await failureOf(securityChecks.T2(referenceOptions(crashes)))
    expect(error).toBeInstanceOf(SecurityCheckError)
    expect(String(error)).toMatch(/T2 failed: .+ Expected an anonymous answer, not a server error; received HTTP 500 for a \w/)
  })
})

describe('securityChecks with an unstarted http.Server as app', () => {
  it('T6: samples ids over clients sharing the one server', async () => {
    const instance = createReferenceApp({ config: { store: stores.memory() } })
    const server = http.createServer(instance.app)
    await expect(securityChecks.T6(referenceOptions(instance, { app: server, idSamples: 40 }))).resolves.toBeUndefined()
    expect(server.listening).toBe(false)
  })
})

describe('plannedChecks(options)', () => {
  it('generates every check for a server-side format with every input given', () => {
    const plan = plannedChecks(referenceOptions(createReferenceApp({ config: { store: stores.memory() } })))
    expect(plan.run).toEqual(Object.keys(securityChecks))
    expect(plan.notRun).toEqual({})
  })

  it('leaves out the checks whose inputs are missing, saying why', () => {
    const { anonymous: _a, retiredKeyFormat: _r, unknownKeyFormat: _u, ...options } = referenceOptions(createReferenceApp())
    const plan = plannedChecks({ ...options, skip: { L6: 'revocation is tested elsewhere' } })
    expect(plan.notRun).toEqual({
      L3: expect.stringContaining('keeps the session in the cookie'),
      T6: expect.stringContaining('keeps the session in the cookie'),
      L15: 'no anonymous path configured',
      K4: 'no retiredKeyFormat configured',
      K5: 'no unknownKeyFormat configured',
      L6: 'revocation is tested elsewhere',
    })
    expect(plan.run).not.toContain('L6')
    expect(plan.run).toContain('L5')
  })

  it('refuses a skip without a reason or of an unknown ID', () => {
    const options = referenceOptions(createReferenceApp())
    expect(() => plannedChecks({ ...options, skip: { L6: ' ' } })).toThrow(/skip\.L6 needs a reason/)
    expect(() => plannedChecks({ ...options, skip: { Z9: 'nope' } as never })).toThrow(/cannot skip Z9/)
  })

  it('describeSessionSecurity names the missing options', () => {
    const { probe: _p, ...options } = referenceOptions(createReferenceApp())
    expect(() => describeSessionSecurity('incomplete', options as SessionSecurityOptions)).toThrow(/needs probe/)
  })
})

describe('estimateIdBits(ids)', () => {
  it('T6: credits 16 random bytes with 128 bits, in hex and in unpadded base64url', () => {
    const sample = (encoding: 'hex' | 'base64url'): string[] => Array.from({ length: 200 }, () => randomBytes(16).toString(encoding))
    expect(estimateIdBits(sample('hex'))).toBeGreaterThanOrEqual(128)
    expect(estimateIdBits(sample('base64url'))).toBeGreaterThanOrEqual(128)
  })

  it('T6: credits a counter and a timestamp-plus-counter id with far fewer than 128 bits', () => {
    const counter = Array.from({ length: 200 }, (_, i) => String(i).padStart(32, '0'))
    const stamped = Array.from({ length: 200 }, (_, i) => `${(1_790_000_000_000 + i * 7).toString(16)}${String(i).padStart(20, '0')}`)
    expect(estimateIdBits(counter)).toBeLessThan(16)
    expect(estimateIdBits(stamped)).toBeLessThan(32)
  })
})

/**
 * The reference app: an Express 5 app on the reference session middleware, used by the reference
 * tests, the format tests and (through broken-variants.ts) by the matcher and security suites.
 *
 * Routes (JSON bodies):
 * - `POST /login` `{ email, password }` or `{ userId }` → 200 `{ user_id }` (login(): new session,
 *   stores `user_id`, `session_version`, `sid`), 401 on wrong credentials
 * - `POST /logout` → 204 (revokes `sid` for revalidate, then logout(): entry destroyed + deletion header)
 * - `GET /me` → 200 `{ user_id }` or 401 (reads the session: Vary: Cookie)
 * - `GET /anon` → 200 `{ ok: true }`, never touches the session (no cookie, L15)
 * - `POST /cart` `{ item }` → 200 `{ cart }` (stores data in an anonymous or logged-in session)
 * - `GET /cart` → 200 `{ cart }`
 * - `POST /password` → 204 for a logged-in user: bumps the user's session version, ending their
 *   other sessions (L10), and keeps this one
 * - `GET /session` → 200 `{ data, id, permanent }` (debug view of req.session)
 * A StoreError becomes 503; any other error 500 `{ error: message }`.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { StoreError } from '../../src/errors.js'
import { reference } from '../../src/formats/reference.js'
import type { SessionFormat } from '../../src/formats/types.js'
import { login, logout } from '../../src/reference/auth.js'
import type { SessionConfig } from '../../src/reference/config.js'
import { createSessionMiddlewareUnsafe } from '../../src/reference/middleware.js'
import { getSession } from '../../src/reference/session.js'
import type { UnsafeOptions } from '../../src/reference/unsafe.js'
import type { SessionData, SessionStore } from '../../src/stores/types.js'

/** 32+ byte test keys (never use these outside tests). */
export const TEST_SECRET = 'test-secret-key-0123456789abcdef0123456789'
export const TEST_FALLBACK = 'test-fallback-key-0123456789abcdef01234567'
export const TEST_RETIRED = 'test-retired-key-0123456789abcdef012345678'

/** The users the app knows. */
export const TEST_USERS = [
  { id: 1, email: 'ada@example.test', password: 'correct horse battery staple' },
  { id: 2, email: 'grace@example.test', password: 'hopper-1906-cobol' },
] as const

/** Options of {@link createReferenceApp}. */
export interface ReferenceAppOptions {
  /** Overrides of the public middleware config (default: TEST_SECRET, cookie storage). */
  config?: Partial<SessionConfig>
  /** Internal switches removing protections (broken variants only). */
  unsafe?: UnsafeOptions
  /** `POST /login` sets `user_id` on the existing session, without login() (L1, L2). */
  naiveLogin?: boolean
  /** Do not install the app's `revalidate` (session version + revoked sids) (L6, L10). */
  noRevalidate?: boolean
}

/** An app instance plus what a test needs to talk to it. */
export interface ReferenceApp {
  app: Express
  /** The public config the middleware runs with: pass it to `formats.reference` (format-config). */
  config: SessionConfig
  /** `formats.reference(config)`. */
  format: SessionFormat
  /** The server-side store, when one is configured. */
  store: SessionStore | undefined
}

/**
 * Builds the reference app (see the route list at the top of this file).
 *
 * @example
 * ```ts
 * const { app, format } = createReferenceApp({ config: { store: stores.memory() } })
 * await request(app).post('/login').send({ userId: 1 }).expect(200)
 * ```
 */
export function createReferenceApp(options: ReferenceAppOptions = {}): ReferenceApp {
  const versions = new Map<number, number>()
  const revoked = new Set<string>()
  const versionOf = (userId: unknown): number => versions.get(Number(userId)) ?? 0
  // App-level revocation for stateless sessions: a logged-out sid (L6) or an old session
  // version after a password change (L10) is anonymous. Injected sessions without these keys pass.
  const revalidate = (data: SessionData): boolean =>
    !(typeof data.sid === 'string' && revoked.has(data.sid)) && (data.session_version === undefined || data.session_version === versionOf(data.user_id))

  const config: SessionConfig = {
    secretKey: TEST_SECRET,
    ...(options.noRevalidate ? {} : { revalidate }),
    ...options.config,
  }
  const app = express()
  app.use(express.json())
  app.use(createSessionMiddlewareUnsafe(config, options.unsafe ?? {}))

  app.post('/login', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { email?: string; password?: string; userId?: number }
    const user = TEST_USERS.find((u) => (body.userId !== undefined ? u.id === Number(body.userId) : u.email === body.email && u.password === body.password))
    if (user === undefined) return void res.status(401).json({ error: 'invalid credentials' })
    const extra = { session_version: versionOf(user.id), sid: crypto.randomUUID() }
    if (options.naiveLogin) Object.assign(getSession(req).data, extra, { user_id: user.id })
    else await login(req, user.id, extra)
    res.json({ user_id: user.id })
  })

  app.post('/logout', async (req: Request, res: Response) => {
    const { sid } = getSession(req).data
    if (typeof sid === 'string') revoked.add(sid)
    await logout(req)
    res.status(204).end()
  })

  app.get('/me', (req: Request, res: Response) => {
    const userId = getSession(req).data.user_id
    if (userId === undefined) return void res.status(401).json({ error: 'not logged in' })
    res.json({ user_id: userId })
  })

  app.get('/anon', (_req: Request, res: Response) => {
    res.json({ ok: true })
  })

  app.post('/cart', (req: Request, res: Response) => {
    const data = getSession(req).data
    const cart = Array.isArray(data.cart) ? (data.cart as unknown[]) : []
    data.cart = [...cart, (req.body as { item?: unknown } | undefined)?.item ?? null]
    res.json({ cart: data.cart })
  })

  app.get('/cart', (req: Request, res: Response) => {
    res.json({ cart: getSession(req).data.cart ?? [] })
  })

  app.post('/password', (req: Request, res: Response) => {
    const data = getSession(req).data
    if (data.user_id === undefined) return void res.status(401).end()
    const next = versionOf(data.user_id) + 1
    versions.set(Number(data.user_id), next)
    data.session_version = next
    res.status(204).end()
  })

  app.get('/session', (req: Request, res: Response) => {
    const session = getSession(req)
    res.json({ data: session.data, id: session.id ?? null, permanent: session.permanent })
  })

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof StoreError) return void res.status(503).json({ error: 'store unavailable' })
    res.status(500).json({ error: error instanceof Error ? error.message : String(error) })
  })

  const store = config.store !== undefined && config.store.kind !== 'cookie' ? (config.store as SessionStore) : undefined
  return { app, config, format: reference(config), store }
}

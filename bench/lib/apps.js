// The apps the login and per-request benchmarks run against: plain Express 5 apps, each with a
// real form login (scrypt N=16384, as the peer figure), and session middleware per format.
import { Buffer } from 'node:buffer'
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import express from 'express'
import cookieSession from 'cookie-session'
import session from 'express-session'

const scrypt = promisify(scryptCb)
/** scrypt parameters of the "real login" baseline (N=16384, r=8, p=1, as the peer figure). */
export const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
export const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef'
export const USER = { id: 1, email: 'ada@example.test', password: 'correct horse battery staple' }

export async function hashPassword(password, salt = randomBytes(16)) {
  const hash = await scrypt(password, salt, 64, SCRYPT)
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`
}

/**
 * The first scrypt N=16384 on each libuv pool thread costs 2-3x more (the thread's 16 MiB working
 * memory is fresh); hash on every pool thread once so that the first format measured is not
 * penalised.
 */
export async function warmScrypt() {
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4)
  for (let round = 0; round < 2; round++) {
    await Promise.all(Array.from({ length: threads * 2 }, (_, i) => hashPassword(`warm-${i}`)))
  }
}

export async function verifyPassword(password, stored) {
  const [, saltHex, hashHex] = stored.split('$')
  const expected = Buffer.from(hashHex, 'hex')
  const actual = await scrypt(password, Buffer.from(saltHex, 'hex'), 64, SCRYPT)
  return timingSafeEqual(actual, expected)
}

/**
 * Adds POST /login (urlencoded form, scrypt verify) and GET /me to `app`.
 * `signIn(req, res, userId)` stores the user in the session the way the session library expects;
 * `userOf(req)` reads it back.
 */
function addRoutes(app, storedHash, signIn, userOf = (req) => req.session?.user_id) {
  app.post('/login', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const ok = req.body.email === USER.email && (await verifyPassword(String(req.body.password), storedHash))
      if (!ok) return res.status(401).end()
      await signIn(req, res, USER.id)
      res.redirect(303, '/me')
    } catch (error) {
      next(error)
    }
  })
  app.get('/me', (req, res) => {
    const userId = userOf(req)
    if (userId === undefined) return res.status(401).json({ error: 'not logged in' })
    res.json({ user_id: userId })
  })
  app.get('/ping', (_req, res) => res.type('text').send('ok'))
  return app
}

export async function createExpressSessionApp() {
  const storedHash = await hashPassword(USER.password)
  const store = new session.MemoryStore()
  const app = express()
  app.use(session({ secret: SECRET, store, resave: false, saveUninitialized: false, name: 'connect.sid' }))
  addRoutes(app, storedHash, (req, _res, userId) =>
    new Promise((resolve, reject) => {
      // Regenerate on login (fixation-safe), as express-session's docs recommend.
      req.session.regenerate((err) => {
        if (err) return reject(err)
        req.session.user_id = userId
        resolve()
      })
    }),
  )
  return { app, store, secret: SECRET, cookieName: 'connect.sid' }
}

export async function createCookieSessionApp() {
  const storedHash = await hashPassword(USER.password)
  const app = express()
  app.use(cookieSession({ name: 'session', keys: [SECRET], maxAge: 86_400_000 }))
  addRoutes(app, storedHash, (req, _res, userId) => {
    req.session = { user_id: userId }
  })
  return { app, keys: [SECRET], cookieName: 'session' }
}

/** A minimal app for the per-request benchmark: one cookie set by /hello, then GET /ping. */
export function createPingApp() {
  const app = express()
  app.get('/hello', (_req, res) => res.cookie('visitor', 'v-123', { httpOnly: true, path: '/' }).type('text').send('hi'))
  app.get('/ping', (req, res) => res.type('text').send(req.headers.cookie ? 'ok' : 'no cookie'))
  return app
}

export { addRoutes }

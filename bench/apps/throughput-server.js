#!/usr/bin/env node
// One app of the throughput benchmark, in its own process: node throughput-server.js <kind> [redisUrl]
// Prints `READY <port>` once listening. Routes (same for every kind; GET /__stats is bookkeeping):
//   POST /login  -> stores { user_id: 1, views: 0 } in a new session (setup only, not measured)
//   GET  /me     -> read-only: 200 { user_id } from the session, 401 without one
//   GET  /count  -> read + small write: views += 1 in the session, 200 { user_id, views }
// Every kind uses equivalent settings: 1-day cookie lifetime, HttpOnly, SameSite=Lax, and for
// express-session resave:false, saveUninitialized:false (each library's default touch behaviour).
import express from 'express'

const [kind, redisUrl] = process.argv.slice(2)
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef'
const DAY_MS = 86_400_000
const cookieOptions = { maxAge: DAY_MS, httpOnly: true, sameSite: 'lax', path: '/' }

/** Session access per kind: how to read the user, how to bump a counter, how to log in. */
async function expressSessionAccess(store) {
  const { default: session } = await import('express-session')
  return {
    middleware: session({ secret: SECRET, store, resave: false, saveUninitialized: false, name: 'sid', cookie: cookieOptions }),
    user: (req) => req.session.user_id,
    bump: (req) => (req.session.views = (req.session.views ?? 0) + 1),
    login: (req) =>
      new Promise((resolve, reject) =>
        req.session.regenerate((err) => {
          if (err) return reject(err)
          req.session.user_id = 1
          req.session.views = 0
          resolve()
        }),
      ),
  }
}

const KINDS = {
  async none() {
    // The ceiling: no session at all; /count bumps a process-wide counter.
    let views = 0
    return { middleware: (_req, _res, next) => next(), user: () => 1, bump: () => ++views, login: () => {} }
  },
  async 'express-session-memory'() {
    const { default: session } = await import('express-session')
    return expressSessionAccess(new session.MemoryStore())
  },
  async 'express-session-redis'() {
    const { createClient } = await import('redis')
    const { RedisStore } = await import('connect-redis')
    const client = createClient({ url: redisUrl })
    await client.connect()
    return expressSessionAccess(new RedisStore({ client, prefix: `bench-cr-${process.pid}:`, ttl: DAY_MS / 1000 }))
  },
  async 'cookie-session'() {
    const { default: cookieSession } = await import('cookie-session')
    return {
      middleware: cookieSession({ name: 'sid', keys: [SECRET], maxAge: DAY_MS, httpOnly: true, sameSite: 'lax' }),
      user: (req) => req.session.user_id,
      bump: (req) => (req.session.views = (req.session.views ?? 0) + 1),
      login: (req) => {
        req.session = { user_id: 1, views: 0 }
      },
    }
  },
  async 'reference-cookie'() {
    const { referenceAccess } = await import('./reference-access.js')
    return referenceAccess('cookie', { secret: SECRET, maxAgeMs: DAY_MS })
  },
  async 'reference-redis'() {
    const { referenceAccess } = await import('./reference-access.js')
    return referenceAccess('redis', { secret: SECRET, maxAgeMs: DAY_MS, redisUrl, prefix: `bench-ref-${process.pid}:` })
  },
  async 'reference-memory'() {
    const { referenceAccess } = await import('./reference-access.js')
    return referenceAccess('memory', { secret: SECRET, maxAgeMs: DAY_MS })
  },
}

if (!(kind in KINDS)) {
  console.error(`throughput-server: unknown kind ${kind}`)
  process.exit(2)
}
const access = await KINDS[kind]()
const app = express()
app.disable('x-powered-by')
// Bookkeeping for the parent, before the session middleware: CPU time this process spent and the
// requests it served, so the parent can report server CPU per request next to req/s.
let served = 0
app.get('/__stats', (_req, res) => {
  const cpu = process.cpuUsage()
  res.json({ cpuUs: cpu.user + cpu.system, served })
})
app.use((_req, _res, next) => {
  served++
  next()
})
app.use(access.middleware)
app.post('/login', async (req, res, next) => {
  try {
    await access.login(req, res)
    res.status(204).end()
  } catch (error) {
    next(error)
  }
})
app.get('/me', (req, res) => {
  const userId = access.user(req)
  if (userId === undefined) return res.status(401).json({ error: 'not logged in' })
  res.json({ user_id: userId })
})
app.get('/count', (req, res) => {
  const userId = access.user(req)
  if (userId === undefined) return res.status(401).json({ error: 'not logged in' })
  const views = access.bump(req)
  res.json({ user_id: userId, views })
})
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`))
process.on('SIGTERM', () => process.exit(0))
process.on('SIGINT', () => process.exit(0))

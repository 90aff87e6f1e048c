import cookieSession from 'cookie-session'
import express, { type Express } from 'express'
import session from 'express-session'

declare module 'express-session' {
  interface SessionData {
    user_id?: number
  }
}

/** How a peer library is configured in these tests: as shipped, or with hardened cookie options. */
export type PeerConfig = 'default' | 'hardened'

/** The secret/key both peer apps sign with (test-only). */
export const PEER_SECRET = 'a test secret of at least thirty-two bytes!'
const SECRET = PEER_SECRET

/** Deliberate bugs for proving the lifecycle matchers fail (the shipped libraries are fine). */
export interface PeerFlaws {
  /** POST /login sets user_id on the existing session instead of regenerating it (fixation: L1, L2). */
  noRegenerate?: boolean
  /** POST /logout only clears the cookie; the session stays in the store (L6). */
  noDestroy?: boolean
  /** POST /logout clears the cookie on the wrong path (L5). */
  clearPath?: string
}

/** An express-session app plus what a test client needs to read its sessions. */
export interface ExpressSessionPeer {
  app: Express
  cookieName: string
  store: session.MemoryStore
  /** The cookie options the app passes to express-session (for `formats.expressSession`). */
  cookie: session.CookieOptions
}

/**
 * An Express app on real express-session (MemoryStore): POST /login regenerates the session,
 * GET /me answers 200 only when logged in, POST /logout destroys the session and clears the cookie.
 * The hardened config uses `__Host-sid`, Secure, SameSite=Lax and a 7-day Max-Age (send
 * `X-Forwarded-Proto: https`; the app trusts the proxy).
 */
export function expressSessionApp(config: PeerConfig, flaws: PeerFlaws = {}): ExpressSessionPeer {
  const hardened = config === 'hardened'
  const cookieName = hardened ? '__Host-sid' : 'connect.sid'
  const cookie: session.CookieOptions = hardened ? { secure: true, httpOnly: true, sameSite: 'lax', path: '/', maxAge: 7 * 86_400_000 } : {}
  const store = new session.MemoryStore()
  const app = express()
  app.set('trust proxy', 1)
  app.use(session({ secret: SECRET, store, resave: false, saveUninitialized: false, ...(hardened ? { name: cookieName, cookie } : {}) }))
  app.post('/login', (req, res, next) => {
    if (flaws.noRegenerate) {
      req.session.user_id = 1
      return void res.status(204).end()
    }
    req.session.regenerate((err) => {
      if (err) return next(err)
      req.session.user_id = 1
      res.status(204).end()
    })
  })
  app.get('/me', (req, res) => {
    res.status(req.session.user_id ? 200 : 401).json({ user_id: req.session.user_id ?? null })
  })
  app.post('/logout', (req, res, next) => {
    const clear = (): void => {
      res.clearCookie(cookieName, { ...(hardened ? { secure: true, httpOnly: true, sameSite: 'lax' as const } : {}), path: flaws.clearPath ?? '/' })
      res.status(204).end()
    }
    if (flaws.noDestroy) return clear()
    req.session.destroy((err) => {
      if (err) return next(err)
      clear()
    })
  })
  return { app, cookieName, store, cookie }
}

/**
 * An Express app on real cookie-session (keygrip-signed `session` + `session.sig` cookies).
 * The hardened config adds Secure, SameSite=Strict and a 1-hour Max-Age.
 */
export function cookieSessionApp(config: PeerConfig, flaws: Pick<PeerFlaws, 'noRegenerate'> = {}): { app: Express; cookieName: string } {
  const hardened = config === 'hardened'
  const app = express()
  app.set('trust proxy', 1)
  app.use(
    cookieSession({
      name: 'session',
      keys: [SECRET],
      ...(hardened ? { secure: true, httpOnly: true, sameSite: 'strict' as const, maxAge: 3_600_000 } : {}),
    }),
  )
  app.post('/login', (req, res) => {
    // cookie-session's req.session is a plain object; express-session's typings claim the same name.
    const r = req as unknown as { session: Record<string, unknown> | null }
    if (flaws.noRegenerate && r.session) r.session.user_id = 1
    else r.session = { user_id: 1 }
    res.status(204).end()
  })
  app.get('/me', (req, res) => {
    const userId = (req.session as { user_id?: number } | null | undefined)?.user_id
    res.status(userId ? 200 : 401).json({ user_id: userId ?? null })
  })
  app.post('/logout', (req, res) => {
    ;(req as unknown as { session: unknown }).session = null
    res.status(204).end()
  })
  return { app, cookieName: 'session' }
}

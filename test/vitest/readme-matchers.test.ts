// The README "Matchers" section is copied from this file: keep it runnable and short.
import express from 'express'
import session from 'express-session'
import { describe, expect, it } from 'vitest'
import { checkCookiePolicy, createTestClient, formats } from 'session-testkit'
import 'session-testkit/vitest' // or list it in vitest.config `test.setupFiles`

declare module 'express-session' {
  interface SessionData {
    user_id?: number
  }
}

// An Express app on express-session, hardened: __Host- name, Secure, HttpOnly, SameSite=Lax, 7 days.
const cookie = { secure: true, httpOnly: true, sameSite: 'lax', path: '/', maxAge: 7 * 86_400_000 } as const
const store = new session.MemoryStore()
const app = express()
app.set('trust proxy', 1)
app.use(session({ name: '__Host-sid', secret: 'keyboard cat', store, resave: false, saveUninitialized: false, cookie }))
app.post('/login', (req, res, next) =>
  req.session.regenerate((err) => {
    if (err) return next(err)
    req.session.user_id = 42
    res.sendStatus(204)
  }),
)
app.get('/me', (req, res) => res.status(req.session.user_id ? 200 : 401).json({ user_id: req.session.user_id ?? null }))
app.post('/logout', (req, res, next) =>
  req.session.destroy((err) => {
    if (err) return next(err)
    res.clearCookie('__Host-sid', cookie).sendStatus(204)
  }),
)

const sessionFormat = formats.expressSession({ secret: 'keyboard cat', store, name: '__Host-sid', cookie })

describe('the session cookie', () => {
  it('is hardened (A1-A10), scoped and timed', async () => {
    await using client = createTestClient(app, { session: sessionFormat, origin: 'https://app.test' })
    const res = await client.post('/login')

    expect(res).toSetSecureCookie('__Host-sid', { requirePrefix: '__Host-' })
    expect(res).toSetCookie('__Host-sid', { httpOnly: true, sameSite: 'Lax', path: '/', domain: undefined })
    expect(res).toSetCookieExpiringIn('__Host-sid', 7 * 86_400_000, { toleranceMs: 5_000 })
    expect(res).not.toSetBrowserSessionCookie('__Host-sid')
    expect(await client.post('/logout')).toClearCookie('__Host-sid')
  })

  it('rotates on login (L1, L2) and ends on logout (L5, L6)', async () => {
    await using client = createTestClient(app, { session: sessionFormat, origin: 'https://app.test' })

    await expect(client).toRotateSessionOn(() => client.post('/login'), { probe: '/me' })
    await expect(client).toHaveSession({ user_id: 42 })
    await expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })
  })

  it('explains a failure rule by rule, with the value redacted', () => {
    const expressSessionDefault = 'connect.sid=s%3AQmFkU2Vzc2lvbg.c2lnbmF0dXJl; Path=/; HttpOnly'

    expect(checkCookiePolicy(expressSessionDefault).map((v) => v.id)).toEqual(['A1', 'A3'])
    expect(() => expect(expressSessionDefault).toSetSecureCookie('connect.sid')).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(response).toSetSecureCookie("connect.sid")

      cookie "connect.sid" violates 2 rules (A1, A3):
        A1 cookie "connect.sid" has no Secure attribute: it would be sent over plain http. Add Secure.
        A3 cookie "connect.sid" has no SameSite attribute: browsers disagree on the default. Set SameSite=Lax.

      Set-Cookie: connect.sid=s%3AQm…; Path=/; HttpOnly]
    `)
  })
})

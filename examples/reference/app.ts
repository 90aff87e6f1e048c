/**
 * A tiny Express 5 app on the reference session middleware:
 * `POST /login` `{ email, password }` → 200 `{ user_id }` or 401, `GET /me` → 200 `{ user_id }` or 401,
 * `POST /logout` → 204.
 */
import express, { type Express } from 'express'
import { createSessionMiddleware, getSession, login, logout, stores, type SessionStore } from 'session-testkit/reference'

const users = new Map([['ada@example.test', { id: 1, password: 'correct horse battery staple' }]])

export function createApp(options: { secretKey: string; store?: SessionStore }): Express {
  const app = express()
  app.use(express.json())
  app.use(createSessionMiddleware({ secretKey: options.secretKey, store: options.store ?? stores.memory(), idleTimeoutSeconds: 1800 }))

  app.post('/login', async (req, res) => {
    const { email, password } = req.body as { email?: string; password?: string }
    const user = users.get(email ?? '')
    if (user === undefined || user.password !== password) return void res.status(401).json({ error: 'invalid credentials' })
    await login(req, user.id) // new session id, old entry destroyed (session fixation)
    res.json({ user_id: user.id })
  })

  app.get('/me', (req, res) => {
    const userId = getSession(req).data.user_id
    if (userId === undefined) return void res.status(401).json({ error: 'not logged in' })
    res.json({ user_id: userId })
  })

  app.post('/logout', async (req, res) => {
    await logout(req) // store entry destroyed, deletion Set-Cookie sent
    res.status(204).end()
  })

  return app
}

/**
 * An Express 5 app on the reference session middleware with users in SQLite:
 * `POST /register` `{ email, name, password }` → 201 `{ user_id }`, `POST /login` `{ email, password }`
 * → 200 `{ user_id }` or 401, `GET /me` → 200 `{ id, email, name, role }` or 401, `POST /logout` → 204.
 * Passwords are checked with `verifyPassword`; sessions carry the user's `sessionVersion`, so
 * bumping it in the database ends every session of that user (L10).
 *
 * Seed its database with `npx session-testkit seed` (users in `.session-testkit/dev.db`, their
 * passwords in `.session-testkit/users.json`) and pass `repositories.sqlite('.session-testkit/dev.db')`.
 */
import { randomUUID } from 'node:crypto'
import express, { type Express } from 'express'
import { hashPassword, verifyPassword, type UserRepository } from 'session-testkit'
import { createSessionMiddleware, getSession, login, logout, type SessionConfig } from 'session-testkit/reference'

export function createApp(options: { users: UserRepository; session: SessionConfig }): Express {
  const { users } = options
  const app = express()
  app.use(express.json())
  app.use(
    createSessionMiddleware({
      ...options.session,
      // A session whose user is gone or whose sessionVersion was bumped is anonymous (L6, L10).
      revalidate: async (data) => {
        if (data.user_id === undefined) return true
        const user = await users.findById(String(data.user_id))
        return user !== null && user.sessionVersion === data.session_version
      },
    }),
  )

  app.post('/register', async (req, res) => {
    const { email, name, password } = (req.body ?? {}) as { email?: unknown; name?: unknown; password?: unknown }
    if (typeof email !== 'string' || !email.includes('@') || typeof name !== 'string' || typeof password !== 'string' || password.length < 8) {
      return void res.status(400).json({ error: 'email, name and a password of 8+ characters are required' })
    }
    if ((await users.findByEmail(email)) !== null) return void res.status(409).json({ error: 'email already registered' })
    const user = { id: randomUUID(), email, name, passwordHash: await hashPassword(password), role: 'user', locale: 'en', sessionVersion: 1, createdAt: new Date() }
    await users.insertMany([user], { seeded: false }) // a real user: never removed by a seed --reset
    await login(req, user.id, { session_version: user.sessionVersion })
    res.status(201).json({ user_id: user.id })
  })

  app.post('/login', async (req, res) => {
    const { email, password } = (req.body ?? {}) as { email?: unknown; password?: unknown }
    const user = typeof email === 'string' ? await users.findByEmail(email) : null
    if (user === null || typeof password !== 'string' || !(await verifyPassword(password, user.passwordHash))) {
      return void res.status(401).json({ error: 'invalid credentials' })
    }
    await login(req, user.id, { session_version: user.sessionVersion }) // new session id (fixation, L1)
    res.json({ user_id: user.id })
  })

  app.get('/me', async (req, res) => {
    const userId = getSession(req).data.user_id
    const user = userId === undefined ? null : await users.findById(String(userId))
    if (user === null) return void res.status(401).json({ error: 'not logged in' })
    res.json({ id: user.id, email: user.email, name: user.name, role: user.role })
  })

  app.post('/logout', async (req, res) => {
    await logout(req) // store entry destroyed, deletion Set-Cookie sent (L5)
    res.status(204).end()
  })

  return app
}

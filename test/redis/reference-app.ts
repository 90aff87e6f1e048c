import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { createSessionMiddleware, getSession, login, logout } from '../../src/reference/index.js'
import type { SessionStore } from '../../src/stores/types.js'

export const SECRET_KEY = 'redis tests: a secret key of at least 32 bytes'

/**
 * An Express app on the reference middleware over `store`: POST /login/:id, GET /me (401 when
 * anonymous), POST /note/:text (writes session data), POST /logout. Errors go through the app's
 * error handler, which answers `err.status` (503 for StoreError) with `{ error: name }`.
 */
export function referenceApp(store: SessionStore): Express {
  const app = express()
  app.set('trust proxy', 1)
  app.use(createSessionMiddleware({ secretKey: SECRET_KEY, store }))
  app.post('/login/:id', async (req, res) => {
    await login(req, Number(req.params.id))
    res.json({ user_id: Number(req.params.id) })
  })
  app.get('/me', (req, res) => {
    const { user_id: userId, note } = getSession(req).data
    if (userId === undefined) res.status(401).json({ user_id: null })
    else res.json({ user_id: userId, note: note ?? null })
  })
  app.post('/note/:text', (req, res) => {
    const session = getSession(req)
    session.data.note = req.params.text
    res.json({ user_id: session.data.user_id ?? null })
  })
  app.post('/logout', async (req, res) => {
    await logout(req)
    res.status(204).end()
  })
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(error.status ?? 500).json({ error: error.name })
  })
  return app
}

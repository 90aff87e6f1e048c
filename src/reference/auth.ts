import type { IncomingMessage } from 'node:http'
import type { SessionData } from '../stores/types.js'
import { getSession } from './session.js'

/**
 * Logs a user in the safe way: empties the session, starts a new one (new id, old store entry
 * destroyed, L1/L2) and stores `user_id` with `extra`.
 *
 * @example
 * ```ts
 * app.post('/login', async (req, res) => {
 *   const user = await users.verify(req.body.email, req.body.password)
 *   await login(req, user.id, { session_version: user.sessionVersion })
 *   res.json({ user_id: user.id })
 * })
 * ```
 */
export async function login(req: IncomingMessage, userId: string | number, extra: SessionData = {}): Promise<void> {
  const session = getSession(req)
  session.clear()
  await session.regenerate()
  Object.assign(session.data, extra, { user_id: userId })
}

/**
 * Logs out: destroys the store entry and sends a deletion header with the cookie's name, Path,
 * Domain and Secure (L5). For cookie storage, pair it with `revalidate` to reject a captured
 * cookie (L6).
 *
 * @example
 * ```ts
 * app.post('/logout', async (req, res) => { await logout(req); res.status(204).end() })
 * ```
 */
export async function logout(req: IncomingMessage): Promise<void> {
  await getSession(req).destroy()
}

import type { SessionData } from '../stores/types.js'
import { readWithFormat, requireFormat, storeFormatCookies } from './session-access.js'
import type { TestClient } from './types.js'

/**
 * Opens the session the client carries, lets `fn` change it, and writes it back as the app's
 * session library would (signed cookies into the jar; for server-side formats also the store
 * entry), like Flask's `client.session_transaction()`. Without a session cookie it starts a new
 * session. A cookie that does not verify throws `BadSignatureError`; if `fn` throws, nothing is
 * written. Resolves to the data written.
 *
 * @example
 * ```ts
 * await sessionTransaction(client, (session) => { session.user_id = 42 })
 * await client.get('/me').expect(200, { user_id: 42 })
 * ```
 */
export async function sessionTransaction<Data extends SessionData = SessionData>(
  client: TestClient,
  fn: (session: Data) => void | Promise<void>,
): Promise<Data> {
  const format = requireFormat<Data>(client, 'sessionTransaction')
  const previous = await readWithFormat(client, format)
  // A second read, not structuredClone: formats decode to their own classes (Flask's tuples,
  // UUIDs, Markup), which a structured clone would flatten into plain objects.
  const session = previous === null ? ({} as Data) : ((await readWithFormat(client, format))?.data ?? ({} as Data))
  await fn(session)
  await storeFormatCookies(client, format.name, await format.write(session, previous))
  return session
}

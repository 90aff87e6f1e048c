import type { SessionRead } from '../formats/types.js'
import type { SessionData } from '../stores/types.js'
import { readWithFormat, requireFormat } from './session-access.js'
import type { TestClient } from './types.js'

/**
 * The verified session data the client carries, read through its session format. `null` only when
 * the client carries no session cookie; a present cookie that does not verify throws
 * `BadSignatureError` (a silent `null` would hide a test configured with the wrong key).
 *
 * @example
 * ```ts
 * await client.post('/login').send(credentials).expect(204)
 * expect(await readSession(client)).toMatchObject({ user_id: 42 })
 * ```
 */
export async function readSession<Data extends SessionData = SessionData>(client: TestClient): Promise<Data | null> {
  const read = await readWithFormat(client, requireFormat<Data>(client, 'readSession'))
  return read ? read.data : null
}

/**
 * Like {@link readSession}, with the session's `id` (server-side formats), `issuedAt`, `expiresAt`
 * where the format records them, and `keyIndex`, the key that verified it (0 = current signing key).
 *
 * @example
 * ```ts
 * const details = await readSessionDetails(client)
 * expect(details?.keyIndex).toBe(0) // re-issued under the current key (K3)
 * ```
 */
export async function readSessionDetails<Data extends SessionData = SessionData>(client: TestClient): Promise<SessionRead<Data> | null> {
  return readWithFormat(client, requireFormat<Data>(client, 'readSessionDetails'))
}

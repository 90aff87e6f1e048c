import type { IncomingMessage } from 'node:http'
import { BadSignatureError, SessionKitError, StoreError } from '../errors.js'
import { isStoredSession } from '../stores/stored-session.js'
import type { StoredSession } from '../stores/types.js'
import type { ReferenceCodec } from './codec.js'
import type { ResolvedConfig } from './resolve-config.js'
import { readRequestCookie } from './set-cookie.js'
import type { SessionState } from './session.js'
import type { UnsafeOptions } from './unsafe.js'

function readCookie(req: IncomingMessage, name: string, unsafe: UnsafeOptions): string | undefined {
  if (!unsafe.caseInsensitiveName) return readRequestCookie(req.headers.cookie, name)
  const match = (req.headers.cookie ?? '').split(';').map((pair) => pair.trim().split('=')).find(([key]) => key?.toLowerCase() === name.toLowerCase())
  return match?.slice(1).join('=')
}

const toStoreError = (cause: unknown): StoreError =>
  cause instanceof StoreError ? cause : new StoreError('session store failed. Check that the store is reachable; requests fail closed with 503 meanwhile.', { cause })

async function verify(raw: string, config: ResolvedConfig, codec: ReferenceCodec, unsafe: UnsafeOptions): Promise<{ session: StoredSession; id?: string; keyIndex: number } | null> {
  const store = config.store
  if (store === undefined) {
    const { session, keyIndex } = codec.decodeCookieSession(raw)
    return { session, keyIndex }
  }
  // The signature is checked before any store lookup (T1).
  const { id, keyIndex } = codec.decodeId(raw)
  let stored: StoredSession | null
  try {
    stored = await store.get(id)
  } catch (cause) {
    throw toStoreError(cause)
  }
  if (stored === null) return unsafe.adoptUnknownIds ? { session: { data: {}, meta: codec.newMeta(config.permanent) }, id, keyIndex } : null // L3
  if (!isStoredSession(stored)) return null
  try {
    codec.assertFresh(stored.meta)
  } catch (error) {
    await store.destroy(id).catch(() => undefined)
    throw error
  }
  return { session: stored, id, keyIndex }
}

/**
 * Reads and verifies the request's session. Any bad cookie (tampered, malformed, unsigned,
 * oversized, wrong key, expired, revoked by `revalidate`) gives a fresh anonymous session, never
 * an error (T1-T3, K5); only a failing store throws ({@link StoreError}, fail closed).
 */
export async function loadSession(req: IncomingMessage, config: ResolvedConfig, codec: ReferenceCodec, unsafe: UnsafeOptions): Promise<SessionState> {
  const raw = readCookie(req, config.cookieName, unsafe)
  const state: SessionState = {
    data: {},
    meta: codec.newMeta(config.permanent),
    id: undefined,
    loaded: false,
    cookiePresent: raw !== undefined,
    keyIndex: 0,
    snapshot: '{}',
    accessed: false,
    regenerated: false,
    destroyed: false,
    permanentChanged: false,
  }
  if (!raw) return state
  let found: Awaited<ReturnType<typeof verify>>
  try {
    found = await verify(raw, config, codec, unsafe)
  } catch (error) {
    if (error instanceof BadSignatureError || (error instanceof SessionKitError && !(error instanceof StoreError))) return state
    throw error
  }
  if (found === null) return state
  if (config.revalidate !== undefined && !(await config.revalidate(found.session.data, req))) return state
  state.data = found.session.data
  state.meta = found.session.meta
  state.id = found.id
  state.loaded = true
  state.keyIndex = found.keyIndex
  state.snapshot = config.serializer.stringify(state.data)
  return state
}

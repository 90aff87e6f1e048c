import { createReferenceCodec } from '../reference/codec.js'
import type { SessionConfig } from '../reference/config.js'
import { resolveConfig } from '../reference/resolve-config.js'
import type { SessionData, SessionMeta, StoredSession } from '../stores/types.js'
import type { CookieMap, FormatCookie, SessionFormat, SessionRead } from './types.js'

/**
 * The format of the bundled reference middleware (`session-testkit/reference`). Give it the same
 * configuration as the middleware (same store instance for server-side sessions): it reuses the
 * middleware's own codec, so what it writes the app accepts and what the app sets it decodes.
 * Cookie storage: the cookie is the signed session. Server-side stores: the store entry plus the
 * (signed, with `useSigner`) id cookie. `keyIndex` is 0 for `secretKey`, 1.. for fallbacks.
 * `read` applies the middleware's timeouts (SessionExpiredError); a verified id whose store entry
 * is gone reads as empty data, as the app would see it.
 *
 * @example
 * ```ts
 * const store = stores.memory()
 * const config = { secretKey: process.env.SECRET_KEY!, store }
 * app.use(createSessionMiddleware(config))
 * const client = createTestClient(app, { session: formats.reference(config) })
 * await sessionTransaction(client, (s) => { s.user_id = 42 })
 * ```
 */
export function reference<Data extends SessionData = SessionData>(config: SessionConfig): SessionFormat<Data> {
  const resolved = resolveConfig(config)
  const codec = createReferenceCodec(resolved)
  const { store, cookieName, cookie } = resolved

  const toRead = (session: StoredSession, keyIndex: number, id?: string): SessionRead<Data> => {
    const read: SessionRead<Data> = { data: session.data as Data, keyIndex, issuedAt: new Date(session.meta.createdAt) }
    if (id !== undefined) read.id = id
    if (session.meta.permanent) read.expiresAt = new Date(session.meta.lastSeenAt + codec.maxAgeSeconds(session.meta) * 1000)
    return read
  }

  const toCookie = (value: string, meta: SessionMeta): FormatCookie => {
    const out: FormatCookie = { name: cookieName, value, path: cookie.path, secure: cookie.secure, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }
    if (cookie.domain !== undefined) out.domain = cookie.domain
    if (meta.permanent) {
      out.maxAge = codec.maxAgeSeconds(meta)
      out.expires = new Date(Math.floor(Date.now() / 1000) * 1000 + out.maxAge * 1000)
    }
    return out
  }

  return {
    name: 'session-testkit/reference',
    cookieName,
    serverSide: store !== undefined,
    keysDescription: `${resolved.keys.length} ${resolved.keys.length === 1 ? 'key' : 'keys'} (secretKey + ${resolved.keys.length - 1} fallbacks)`,

    async read(cookies: CookieMap) {
      const raw = cookies.get(cookieName)
      if (!raw) return null
      if (store === undefined) {
        const { session, keyIndex } = codec.decodeCookieSession(raw)
        return toRead(session, keyIndex)
      }
      const { id, keyIndex } = codec.decodeId(raw)
      const stored = await store.get(id)
      if (stored === null) return { data: {} as Data, id, keyIndex }
      codec.assertFresh(stored.meta)
      return toRead(stored, keyIndex, id)
    },

    async write(data, previous) {
      const now = Date.now()
      const meta: SessionMeta = { createdAt: previous?.issuedAt?.getTime() ?? now, lastSeenAt: now, permanent: resolved.permanent }
      const session: StoredSession = { data, meta }
      if (store === undefined) {
        const value = codec.encodeCookieSession(session)
        codec.assertCookieSize(value)
        return [toCookie(value, meta)]
      }
      const id = previous?.id ?? codec.newId()
      await store.set(id, session, codec.ttlSeconds(meta))
      return [toCookie(codec.encodeId(id), meta)]
    },

    async hasStoredSession(id) {
      return store !== undefined && (await store.get(id)) !== null
    },
  }
}

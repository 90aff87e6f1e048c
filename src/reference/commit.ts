import type { StoredSession } from '../stores/types.js'
import type { ReferenceCodec } from './codec.js'
import type { CookieAttributes, ResolvedConfig } from './resolve-config.js'
import type { SessionState } from './session.js'
import { serializeDeletionCookie, serializeSessionCookie } from './set-cookie.js'
import type { UnsafeOptions } from './unsafe.js'

/** What to do when the response goes out: headers now, store writes before `end`. */
export interface CommitPlan {
  setCookie: string | undefined
  vary: boolean
  /** `set` for new entries, `update` for loaded ones (skipped if destroyed meanwhile, L14), `touch` for timing only. */
  save: { id: string; session: StoredSession; ttlSeconds: number; mode: 'set' | 'update' | 'touch' } | undefined
  destroyId: string | undefined
}

/**
 * Decides, synchronously, what the response carries for the session: no cookie for an anonymous
 * session that stores nothing (L15), a deletion header after destroy/clear (L5), a re-issued
 * cookie after a change, a refresh, an idle-timeout touch or a fallback-key verification (K3).
 * Throws when a cookie session would exceed the size browsers keep (A8).
 */
export function planCommit(state: SessionState, config: ResolvedConfig, codec: ReferenceCodec, unsafe: UnsafeOptions): CommitPlan {
  const attrs: CookieAttributes = unsafe.cookieAttributes === undefined ? config.cookie : { ...config.cookie, ...unsafe.cookieAttributes }
  const plan: CommitPlan = { setCookie: undefined, vary: state.accessed, save: undefined, destroyId: undefined }
  const empty = Object.keys(state.data).length === 0
  const modified = state.permanentChanged || config.serializer.stringify(state.data) !== state.snapshot

  if (empty && !unsafe.saveUninitialized) {
    const ended = state.destroyed || (state.loaded && (modified || state.regenerated))
    if (ended && state.cookiePresent) {
      if (config.store !== undefined && state.id !== undefined && !unsafe.keepEntryOnDestroy) plan.destroyId = state.id
      if (!unsafe.skipDeletionHeader) plan.setCookie = serializeDeletionCookie(config.cookieName, attrs)
    }
    plan.vary ||= plan.setCookie !== undefined
    return finish(plan, unsafe)
  }

  const fresh = !state.loaded || state.regenerated || state.destroyed
  const touch = modified || fresh || (state.meta.permanent && config.refreshEachRequest) || config.idleTimeoutSeconds !== undefined
  if (touch) state.meta = { ...state.meta, lastSeenAt: Date.now() }
  const reissue = state.loaded && state.keyIndex > 0 && !unsafe.skipKeyReissue
  const maxAge = state.meta.permanent ? (unsafe.maxAgeSeconds ?? codec.maxAgeSeconds(state.meta)) : undefined
  const session: StoredSession = { data: state.data, meta: state.meta }

  if (config.store === undefined) {
    if (touch || reissue) {
      const value = codec.encodeCookieSession(session)
      if (!unsafe.skipSizeLimit) codec.assertCookieSize(value)
      plan.setCookie = serializeSessionCookie(config.cookieName, value, attrs, maxAge)
    }
  } else {
    if (fresh || state.id === undefined) state.id = codec.newId()
    const ttlSeconds = codec.ttlSeconds(state.meta)
    if (fresh) plan.save = { id: state.id, session, ttlSeconds, mode: 'set' }
    else if (modified) plan.save = { id: state.id, session, ttlSeconds, mode: 'update' }
    else if (touch) plan.save = { id: state.id, session, ttlSeconds, mode: 'touch' }
    if (fresh || reissue || (state.meta.permanent && touch)) {
      plan.setCookie = serializeSessionCookie(config.cookieName, codec.encodeId(state.id), attrs, maxAge)
    }
  }
  plan.vary ||= plan.setCookie !== undefined
  return finish(plan, unsafe)
}

function finish(plan: CommitPlan, unsafe: UnsafeOptions): CommitPlan {
  if (unsafe.skipVary) plan.vary = false
  return plan
}

import type { IncomingMessage } from 'node:http'
import { SessionKitError, StoreError } from '../errors.js'
import type { SessionData, SessionMeta } from '../stores/types.js'
import type { ResolvedConfig } from './resolve-config.js'
import type { UnsafeOptions } from './unsafe.js'

/** What the middleware knows about one request's session; shared with the commit step. */
export interface SessionState {
  data: SessionData
  meta: SessionMeta
  /** Server-side id; `undefined` until one is issued (never adopted from an unknown cookie, L3). */
  id: string | undefined
  /** Whether a valid session was loaded from the cookie (and store). */
  loaded: boolean
  /** Whether the request carried a cookie with the session's name, valid or not. */
  cookiePresent: boolean
  /** Index of the key that verified the cookie (K3: > 0 means re-issue). */
  keyIndex: number
  /** Serialized data at load time, to detect changes. */
  snapshot: string
  accessed: boolean
  regenerated: boolean
  destroyed: boolean
  permanentChanged: boolean
}

const isPlainObject = (value: unknown): value is SessionData =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)

/**
 * The session of one request, as `req.session`. `data` is a plain JSON object the app reads and
 * writes; changes are saved when the response is sent.
 *
 * @example
 * ```ts
 * app.get('/cart', (req, res) => res.json(getSession(req).data.cart ?? []))
 * ```
 */
export class Session {
  readonly #state: SessionState
  readonly #config: ResolvedConfig
  readonly #unsafe: UnsafeOptions

  /** @internal Created by the middleware. */
  constructor(state: SessionState, config: ResolvedConfig, unsafe: UnsafeOptions) {
    this.#state = state
    this.#config = config
    this.#unsafe = unsafe
  }

  /** The session data (a plain JSON object). Reading it marks the response `Vary: Cookie` (A11). */
  get data(): SessionData {
    this.#state.accessed = true
    return this.#state.data
  }

  set data(value: SessionData) {
    if (!isPlainObject(value)) throw new SessionKitError('session.data must be a plain object. Assign {} or an object literal.')
    this.#state.accessed = true
    this.#state.data = value
  }

  /** The server-side id, or `undefined` for cookie storage and sessions not yet saved. */
  get id(): string | undefined {
    this.#state.accessed = true
    return this.#state.id
  }

  /** Whether the cookie carries Max-Age/Expires (`lifetimeSeconds`) or ends with the browser. */
  get permanent(): boolean {
    return this.#state.meta.permanent
  }

  set permanent(value: boolean) {
    if (value !== this.#state.meta.permanent) this.#state.permanentChanged = true
    this.#state.meta = { ...this.#state.meta, permanent: value }
  }

  /** `true` when no valid session came with the request. */
  get isNew(): boolean {
    return !this.#state.loaded
  }

  /**
   * Starts a new session that keeps the data: a new id and creation time; for server-side
   * stores the old entry is destroyed now, so the old cookie is worthless (L1, L2).
   */
  async regenerate(): Promise<void> {
    if (this.#unsafe.skipRegenerate) return
    const state = this.#state
    await this.#destroyEntry()
    state.id = undefined
    state.regenerated = true
    const now = Date.now()
    state.meta = { createdAt: now, lastSeenAt: now, permanent: state.meta.permanent }
  }

  /** Empties the data (saved, and the cookie deleted, when the response is sent). */
  clear(): void {
    if (this.#unsafe.skipRegenerate) return
    this.#state.data = {}
  }

  /** Ends the session: destroys the store entry now and sends a deletion header (L5, L6). */
  async destroy(): Promise<void> {
    await this.#destroyEntry()
    const state = this.#state
    state.data = {}
    state.id = undefined
    state.destroyed = true
  }

  async #destroyEntry(): Promise<void> {
    const { id } = this.#state
    const store = this.#config.store
    if (store === undefined || id === undefined || !this.#state.loaded || this.#unsafe.keepEntryOnDestroy) return
    try {
      await store.destroy(id)
    } catch (cause) {
      throw cause instanceof StoreError ? cause : new StoreError('session store could not destroy a session. Check that the store is reachable.', { cause })
    }
  }
}

/**
 * A request the session middleware has run on.
 *
 * @example
 * ```ts
 * const { session } = req as SessionRequest
 * ```
 */
export type SessionRequest = IncomingMessage & { session: Session }

/**
 * The {@link Session} of a request the middleware has run on, typed (without augmenting Express's
 * `Request`, which express-session's types already do).
 *
 * @example
 * ```ts
 * app.get('/me', (req, res) => { const { user_id } = getSession(req).data; ... })
 * ```
 */
export function getSession(req: IncomingMessage): Session {
  const session = (req as Partial<SessionRequest>).session
  if (!(session instanceof Session)) {
    throw new SessionKitError('no reference session on this request. Mount createSessionMiddleware(config) before this route.')
  }
  return session
}

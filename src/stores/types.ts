/** A JSON object held in a session. */
export type SessionData = Record<string, unknown>

/**
 * What a server-side store keeps for one session id. `data` is the app's session data;
 * `meta` holds the server's own bookkeeping (creation and last-seen times for the absolute and
 * idle timeouts, L7/L8), so timeouts never depend on the cookie's expiry alone.
 */
export interface StoredSession {
  data: SessionData
  meta: SessionMeta
}

/** Server-side timing of a session, in epoch milliseconds. */
export interface SessionMeta {
  /** When the session was created (absolute timeout, L8). */
  createdAt: number
  /** When the session was last used (idle timeout, L7). */
  lastSeenAt: number
  /** Whether the session is permanent (cookie carries Max-Age/Expires). */
  permanent: boolean
}

/**
 * The store contract, split as express-session's: `get`, `set`, `destroy` are required,
 * `touch` is recommended (refreshes the TTL without rewriting data).
 *
 * @example
 * ```ts
 * const store: SessionStore = stores.memory()
 * await store.set(id, { data: { user_id: 1 }, meta }, 3600)
 * ```
 */
export interface SessionStore {
  /** A short name for messages and reports, e.g. `memory`, `filesystem`, `redis`. */
  readonly kind: string
  get(id: string): Promise<StoredSession | null>
  /** Writes the entry; `ttlSeconds` is how long the store may keep it. */
  set(id: string, session: StoredSession, ttlSeconds: number): Promise<void>
  destroy(id: string): Promise<void>
  touch?(id: string, session: StoredSession, ttlSeconds: number): Promise<void>
  /**
   * Optional: rewrites an entry only if it still exists, in one step, so a request racing a logout
   * never recreates the destroyed session (L14). Without it the middleware checks with `get` first.
   */
  update?(id: string, session: StoredSession, ttlSeconds: number): Promise<void>
  /** Releases timers or connections the store owns (not ones passed in by the user). */
  close?(): Promise<void>
}

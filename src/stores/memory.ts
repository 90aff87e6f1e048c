import type { SessionStore, StoredSession } from './types.js'

interface Entry {
  session: StoredSession
  expiresAt: number
}

/**
 * A {@link SessionStore} in process memory, with a `size` for tests.
 *
 * @example
 * ```ts
 * const store: MemoryStore = stores.memory()
 * expect(store.size).toBe(0)
 * ```
 */
export interface MemoryStore extends SessionStore {
  /** Number of live (unexpired) entries. */
  readonly size: number
  /** Ids of the live entries. */
  ids(): string[]
}

/**
 * A store in process memory for tests and single-process apps. Entries are deep-copied in and
 * out (so the app cannot mutate a stored session by accident) and expire by `Date.now()`, so
 * fake timers control them; no timers are left running.
 *
 * @example
 * ```ts
 * const store = stores.memory()
 * createSessionMiddleware({ secretKey, store })
 * ```
 */
export function memoryStore(): MemoryStore {
  const entries = new Map<string, Entry>()
  const live = (id: string): Entry | undefined => {
    const entry = entries.get(id)
    if (entry !== undefined && entry.expiresAt <= Date.now()) entries.delete(id)
    return entries.get(id)
  }
  return {
    kind: 'memory',
    get size() {
      return this.ids().length
    },
    ids: () => [...entries.keys()].filter((id) => live(id) !== undefined),
    get: async (id) => {
      const entry = live(id)
      return entry === undefined ? null : structuredClone(entry.session)
    },
    set: async (id, session, ttlSeconds) => {
      entries.set(id, { session: structuredClone(session), expiresAt: Date.now() + ttlSeconds * 1000 })
    },
    update: async (id, session, ttlSeconds) => {
      if (live(id) !== undefined) entries.set(id, { session: structuredClone(session), expiresAt: Date.now() + ttlSeconds * 1000 })
    },
    touch: async (id, session, ttlSeconds) => {
      if (live(id) !== undefined) entries.set(id, { session: structuredClone(session), expiresAt: Date.now() + ttlSeconds * 1000 })
    },
    destroy: async (id) => {
      entries.delete(id)
    },
    close: async () => {
      entries.clear()
    },
  }
}

import { StoreError } from '../errors.js'

/**
 * The part of an express-session store this format uses: the callback API of `get`, `set` and
 * `destroy`, as `MemoryStore` and connect-redis' `RedisStore` implement it. Pass the very store
 * object the app gives to `session({ store })`.
 *
 * @example
 * ```ts
 * const store: ExpressSessionStore = new RedisStore({ client: redis })
 * ```
 */
export interface ExpressSessionStore {
  get(sid: string, callback: (err: unknown, session?: unknown) => void): unknown
  set(sid: string, session: object, callback?: (err?: unknown) => void): unknown
  destroy(sid: string, callback?: (err?: unknown) => void): unknown
}

/** Reads a record; `null` when the store has none (express-session also treats `ENOENT` so). */
export function storeGet(store: ExpressSessionStore, sid: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    store.get(sid, (err, session) => {
      if (err && (err as { code?: unknown }).code !== 'ENOENT') reject(storeError('get', err))
      else resolve(err || session == null ? null : session)
    })
  })
}

/** Writes a record through the store's callback API. */
export function storeSet(store: ExpressSessionStore, sid: string, session: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    store.set(sid, session, (err) => (err ? reject(storeError('set', err)) : resolve()))
  })
}

function storeError(operation: string, cause: unknown): StoreError {
  return new StoreError(`session-testkit: the express-session store failed on ${operation}. Check that the store the app uses is reachable.`, { cause })
}

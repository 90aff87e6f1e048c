import { StoreError } from '../errors.js'
import type { SessionData, SessionMeta, StoredSession } from './types.js'

/**
 * The byte layout of one Redis entry: `{"meta":<meta>,"data":<data>}`, JSON only.
 * `meta` comes first and holds only scalars, so the first `,"data":` in the value ends it: the
 * touch script relies on this to replace `meta` without rewriting (or resurrecting) `data`.
 */
const META_PREFIX = '{"meta":'
const DATA_MARK = ',"data":'

type Scalar = string | number | boolean | null

/** Serialises the scalar members of `meta` (the touch script's precondition). */
export function encodeMeta(meta: SessionMeta): string {
  const out: Record<string, Scalar> = {}
  for (const [key, value] of Object.entries(meta)) {
    if (value === undefined) continue
    if (key === 'data' || key === '__proto__' || (value !== null && typeof value === 'object') || typeof value === 'function') {
      throw new StoreError(
        `session-testkit: the redis store keeps only scalar session meta fields, and "${key}" is not one. Put structured values in session data instead.`,
      )
    }
    out[key] = value as Scalar
  }
  return JSON.stringify(out)
}

/** Serialises a stored session as the Redis value. */
export function encodeStoredSession(session: StoredSession): string {
  return `${META_PREFIX}${encodeMeta(session.meta)}${DATA_MARK}${JSON.stringify(session.data)}}`
}

// `__proto__` keys are dropped so that merging the data later cannot change a prototype (CHECKS S2).
function reviver(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses a Redis value; throws `StoreError` for anything that is not a stored session. */
export function decodeStoredSession(raw: string, key: string): StoredSession {
  let parsed: unknown
  try {
    // A reviver makes JSON.parse several times slower; it only matters when the text could hold a
    // `__proto__` key, literally or spelled with a \u escape.
    parsed = raw.includes('__proto__') || raw.includes('\\u') ? JSON.parse(raw, reviver) : JSON.parse(raw)
  } catch (cause) {
    throw new StoreError(`session-testkit: the redis entry ${key} is not JSON. Delete the key or check what else writes under this prefix.`, { cause })
  }
  if (!isPlainObject(parsed) || !isPlainObject(parsed.meta) || !isPlainObject(parsed.data)) {
    throw new StoreError(`session-testkit: the redis entry ${key} is not a stored session. Delete the key or use a prefix no other program writes under.`)
  }
  const meta = parsed.meta
  if (typeof meta.createdAt !== 'number' || typeof meta.lastSeenAt !== 'number' || typeof meta.permanent !== 'boolean') {
    throw new StoreError(`session-testkit: the redis entry ${key} has no valid session meta. Delete the key or use a prefix no other program writes under.`)
  }
  return { meta: meta as unknown as SessionMeta, data: parsed.data as SessionData }
}

/**
 * Atomically replaces `meta` and refreshes the TTL of an existing entry; returns 0 when the entry
 * is gone, so a touch racing a logout never recreates the session (CHECKS L14).
 * KEYS[1] = key, ARGV[1] = meta JSON, ARGV[2] = TTL in seconds.
 */
export const TOUCH_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local head = '${META_PREFIX}'
if string.sub(v, 1, #head) ~= head then return redis.error_reply('session-testkit: not a stored session') end
local i = string.find(v, '${DATA_MARK}', #head + 1, true)
if not i then return redis.error_reply('session-testkit: not a stored session') end
redis.call('SET', KEYS[1], head .. ARGV[1] .. string.sub(v, i), 'EX', ARGV[2])
return 1
`

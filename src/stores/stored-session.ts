import type { SessionMeta, StoredSession } from './types.js'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Whether a decoded value has the {@link StoredSession} shape: a plain data object and finite
 * timing numbers. A validly signed array, string or number is not a session (S3).
 *
 * @example
 * ```ts
 * isStoredSession({ data: {}, meta: { createdAt: 0, lastSeenAt: 0, permanent: false } }) // true
 * ```
 */
export function isStoredSession(value: unknown): value is StoredSession {
  if (!isRecord(value) || !isRecord(value.data) || !isRecord(value.meta)) return false
  const meta = value.meta as Partial<Record<keyof SessionMeta, unknown>>
  return Number.isFinite(meta.createdAt) && Number.isFinite(meta.lastSeenAt) && typeof meta.permanent === 'boolean'
}

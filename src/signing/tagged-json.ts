import { SessionKitError } from '../errors.js'
import { stringifyJson, type JsonTextOptions } from './json-text.js'

/**
 * Flask's tags (`flask/json/tag.py`): tuple, bytes, Markup, UUID, datetime, and the escape for dicts.
 *
 * @example
 * ```ts
 * FLASK_TAGS.includes(' d') // true
 * ```
 */
export const FLASK_TAGS = [' t', ' b', ' m', ' u', ' d', ' di'] as const

const TAGS = new Set<string>(FLASK_TAGS)
const DEFAULT_MAX_DEPTH = 200
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const UUID_HEX = /^[0-9a-f]{32}$/i

/**
 * Options of {@link decodeTaggedJson}.
 *
 * @example
 * ```ts
 * decodeTaggedJson(text, { maxDepth: 50 })
 * ```
 */
export interface TaggedJsonDecodeOptions {
  /** Nesting deeper than this is rejected instead of walked (S3); default 200. */
  maxDepth?: number
}

function fail(what: string): never {
  throw new SessionKitError(`${what}. Session data must be JSON: plain objects, arrays, strings, finite numbers, booleans, null, Date and Uint8Array.`)
}

/**
 * Keys that would reach a prototype when copied with assignment (S2): `__proto__`, and
 * `constructor` holding an object with `prototype` (secure-json-parse's rule).
 *
 * @example
 * ```ts
 * isPollutingKey('__proto__', {}) // true
 * ```
 */
export function isPollutingKey(key: string, value: unknown): boolean {
  if (key === '__proto__') return true
  return key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function tag(value: unknown, depth: number): unknown {
  if (depth > DEFAULT_MAX_DEPTH) fail(`value nested deeper than ${DEFAULT_MAX_DEPTH} levels`)
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : fail(`cannot serialize the number ${value}`)
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail('cannot serialize an invalid Date')
    return { ' d': value.toUTCString() } // Werkzeug's http_date: second precision, like Flask
  }
  if (value instanceof Uint8Array) return { ' b': Buffer.from(value).toString('base64') }
  if (Array.isArray(value)) return value.map((item: unknown) => (item === undefined ? null : tag(item, depth + 1)))
  if (typeof value === 'object' && isPlainObject(value)) {
    const entries = Object.entries(value).filter(([key, item]) => item !== undefined && !isPollutingKey(key, item))
    const only = entries.length === 1 ? entries[0] : undefined
    if (only !== undefined && TAGS.has(only[0])) return { ' di': { [`${only[0]}__`]: tag(only[1], depth + 2) } }
    const out: Record<string, unknown> = {}
    for (const [key, item] of entries) out[key] = tag(item, depth + 1)
    return out
  }
  return fail(`cannot serialize a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`)
}

function untagObject(node: Record<string, unknown>): unknown {
  const keys = Object.keys(node)
  const key = keys[0]
  if (keys.length !== 1 || key === undefined || !TAGS.has(key)) return node
  const inner = node[key]
  switch (key) {
    case ' t':
      return Array.isArray(inner) ? inner : fail('tag " t" must hold an array')
    case ' b':
      return typeof inner === 'string' && BASE64.test(inner) ? new Uint8Array(Buffer.from(inner, 'base64')) : fail('tag " b" must hold base64')
    case ' m':
      return typeof inner === 'string' ? inner : fail('tag " m" must hold a string')
    case ' u': {
      if (typeof inner !== 'string' || !UUID_HEX.test(inner)) fail('tag " u" must hold 32 hex digits')
      const h = inner.toLowerCase()
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
    }
    case ' d': {
      const time = typeof inner === 'string' ? Date.parse(inner) : Number.NaN
      return Number.isNaN(time) ? fail('tag " d" must hold an HTTP date') : new Date(time)
    }
    default: {
      const escaped = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.keys(inner) : []
      const name = escaped[0]
      if (escaped.length !== 1 || name === undefined || !name.endsWith('__')) fail('tag " di" must hold one key ending in "__"')
      const value = (inner as Record<string, unknown>)[name]
      const out: Record<string, unknown> = {}
      if (!isPollutingKey(name.slice(0, -2), value)) out[name.slice(0, -2)] = value
      return out
    }
  }
}

function untag(node: unknown, depth: number, maxDepth: number): unknown {
  if (node === null || typeof node !== 'object') return node
  if (depth > maxDepth) fail(`value nested deeper than ${maxDepth} levels`)
  if (Array.isArray(node)) return node.map((item: unknown) => untag(item, depth + 1, maxDepth))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(node)) {
    // JSON.parse defines "__proto__" as an own key; copying it by assignment would set the prototype.
    if (!isPollutingKey(key, item)) out[key] = untag(item, depth + 1, maxDepth)
  }
  return untagObject(out)
}

/**
 * Whether `value` is plain JSON that `tag` would return unchanged: plain objects with no tag,
 * `__proto__` or `constructor` keys and no `undefined` members, dense arrays without `undefined`,
 * strings, finite numbers, booleans and null, nested at most `DEFAULT_MAX_DEPTH` deep. For such a
 * value `JSON.stringify` writes the same bytes as `stringifyJson(tag(value))` without copying it.
 */
function isPlainJsonTree(value: unknown, depth: number): boolean {
  if (depth > DEFAULT_MAX_DEPTH) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object') return false
  if (Array.isArray(value)) {
    // JSON.stringify would call an array's toJSON; `tag` ignores it.
    if ((value as { toJSON?: unknown }).toJSON !== undefined) return false
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !isPlainJsonTree(value[i], depth + 1)) return false
    }
    return true
  }
  if (!isPlainObject(value)) return false
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    if (TAGS.has(key) || key === '__proto__' || key === 'constructor') return false
    if (!isPlainJsonTree(value[key], depth + 1)) return false
  }
  return true
}

/**
 * Serializes a value as Flask's tagged JSON: plain JSON, plus `Date` (` d`, an HTTP date, second
 * precision) and `Uint8Array` (` b`, base64); a one-key object whose key is a tag is escaped with
 * ` di`. Anything else (functions, class instances, Map, BigInt, NaN) throws: JSON only, never a
 * code-executing format (S1). `__proto__` and `constructor.prototype` keys are dropped (S2).
 *
 * @example
 * ```ts
 * encodeTaggedJson({ at: new Date(0) }) // '{"at":{" d":"Thu, 01 Jan 1970 00:00:00 GMT"}}'
 * encodeTaggedJson({ b: 1, a: 2 }, { sortKeys: true, asciiOnly: true }) // Flask's bytes: '{"a":2,"b":1}'
 * ```
 */
export function encodeTaggedJson(value: unknown, options: JsonTextOptions = {}): string {
  if (value === undefined) fail('cannot serialize undefined')
  // Fast path: untagged plain JSON needs neither the tagging copy nor the JS writer.
  if (!options.sortKeys && !options.asciiOnly && isPlainJsonTree(value, 0)) return JSON.stringify(value)
  return stringifyJson(tag(value, 0), options)
}

/**
 * Parses tagged JSON: ` d` becomes a `Date`, ` b` a `Uint8Array`, ` t` an array, ` u` a UUID string,
 * ` m` a string. Objects never receive `__proto__` or `constructor.prototype` keys (S2); nesting
 * beyond `maxDepth` throws (S3). Throws `SessionKitError` on invalid JSON or tags.
 *
 * @example
 * ```ts
 * decodeTaggedJson('{"raw":{" b":"AAE="}}') // { raw: Uint8Array [0, 1] }
 * ```
 */
export function decodeTaggedJson(text: string, options: TaggedJsonDecodeOptions = {}): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    fail('the payload is not valid JSON')
  }
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  // Fast path: JSON.parse already returns fresh plain objects, so the walk only matters for tags
  // (keys starting with a space), polluting keys (S2), escapes that could spell either, and
  // nesting deeper than maxDepth (S3), which needs at least 2 * (maxDepth + 2) characters.
  if (text.length < 2 * (maxDepth + 2) && !text.includes('" ') && !text.includes('\\u') && !text.includes('__proto__') && !text.includes('constructor')) {
    return parsed
  }
  return untag(parsed, 0, maxDepth)
}

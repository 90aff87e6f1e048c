/**
 * Flask's tagged JSON (`flask/json/tag.py`): lossless JSON for the Python types Flask keeps in
 * sessions. JavaScript values map to the tags as follows:
 *
 * | tag | Python | JavaScript |
 * |---|---|---|
 * | ` t` | `tuple` | an array made with {@link flaskTuple} |
 * | ` b` | `bytes` | `Uint8Array` (a `Buffer` too) |
 * | ` m` | `markupsafe.Markup` | {@link FlaskMarkup} |
 * | ` u` | `uuid.UUID` | {@link FlaskUUID} |
 * | ` d` | `datetime` | `Date` (whole seconds, UTC) |
 * | ` di` | a one-key dict whose key is a tag | a plain object with that key |
 */
import { pythonJsonDumps } from './python-json.js'

const TUPLE = Symbol.for('session-testkit.flask.tuple')
const TAG_KEYS: ReadonlySet<string> = new Set([' di', ' t', ' b', ' m', ' u', ' d'])
// Python's json gives up near its recursion limit (1000); deeper data is refused here (S3).
const MAX_DEPTH = 500

function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new TypeError(`session-testkit: Flask session data is nested deeper than ${MAX_DEPTH} levels. Flatten it.`)
}

/**
 * Marks an array as a Python tuple, so it is written with Flask's ` t` tag (as `flash()` stores
 * `_flashes`). Arrays read from a ` t` tag carry the same mark.
 *
 * @example
 * ```ts
 * await sessionTransaction(client, (s) => { s._flashes = [flaskTuple('message', 'Welcome back')] })
 * ```
 */
export function flaskTuple<T extends unknown[]>(...items: T): T {
  Object.defineProperty(items, TUPLE, { value: true })
  return items
}

/**
 * Whether an array carries the tuple mark of {@link flaskTuple}.
 *
 * @example
 * ```ts
 * expect(isFlaskTuple((await readSession(client))?._flashes[0])).toBe(true)
 * ```
 */
export function isFlaskTuple(value: unknown): boolean {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true
}

/**
 * A Python `uuid.UUID` in a Flask session (tag ` u`).
 *
 * @example
 * ```ts
 * s.token = new FlaskUUID('12345678-1234-5678-1234-567812345678')
 * ```
 */
export class FlaskUUID {
  /** 32 lowercase hex digits, as Python's `UUID.hex`. */
  readonly hex: string
  constructor(value: string) {
    // Python's UUID(): drops "urn:", "uuid:", braces and hyphens, then needs 32 hex digits.
    const hex = value.replace(/^urn:/i, '').replace(/^uuid:/i, '').replace(/^\{|\}$/g, '').replaceAll('-', '')
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError('session-testkit: not a UUID. Pass 32 hex digits, with or without hyphens.')
    this.hex = hex.toLowerCase()
  }
  toString(): string {
    const h = this.hex
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
}

/**
 * A `markupsafe.Markup` string (HTML Flask will not escape again) in a Flask session (tag ` m`).
 *
 * @example
 * ```ts
 * s.banner = new FlaskMarkup('<b>Welcome</b>')
 * ```
 */
export class FlaskMarkup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** `TaggedJSONSerializer.tag`: turns a session value into plain JSON data, in Flask's tag order. */
function tagValue(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value
  checkDepth(depth)
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined)
    const only = keys[0]
    if (keys.length === 1 && only !== undefined && TAG_KEYS.has(only)) {
      return { ' di': defineAll([[`${only}__`, tagValue(value[only], depth + 1)]]) }
    }
    return defineAll(keys.map((key) => [key, tagValue(value[key], depth + 1)]))
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => tagValue(item, depth + 1))
    return isFlaskTuple(value) ? { ' t': items } : items
  }
  if (value instanceof Uint8Array) return { ' b': Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
  if (value instanceof FlaskMarkup) return { ' m': value.html }
  if (value instanceof FlaskUUID) return { ' u': value.hex }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('session-testkit: Flask session data holds an invalid Date. Store valid dates only.')
    // werkzeug's http_date: IMF-fixdate, whole seconds, as Date#toUTCString writes it.
    return { ' d': value.toUTCString() }
  }
  throw new TypeError(
    `session-testkit: Flask session data cannot hold a ${value.constructor?.name ?? 'object'}. Store JSON values, flaskTuple, Uint8Array, Date, FlaskUUID or FlaskMarkup.`,
  )
}

/** Builds an object with own data properties only (a `__proto__` key stays plain data). */
function defineAll(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, item] of entries) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true })
  return out
}

function untagOne(key: string, inner: unknown): unknown {
  switch (key) {
    case ' di': {
      const entries = Object.entries(inner as Record<string, unknown>)
      const [first] = entries
      if (first === undefined) throw new TypeError('empty " di" tag')
      // TagDict.to_python: key[:-2] (Python slices code points).
      return defineAll([[Array.from(first[0]).slice(0, -2).join(''), first[1]]])
    }
    case ' t':
      if (!Array.isArray(inner)) throw new TypeError('" t" tag without a list')
      return flaskTuple(...(inner as unknown[]))
    case ' b':
      if (typeof inner !== 'string') throw new TypeError('" b" tag without a string')
      return new Uint8Array(Buffer.from(inner, 'base64'))
    case ' m':
      if (typeof inner !== 'string') throw new TypeError('" m" tag without a string')
      return new FlaskMarkup(inner)
    case ' u':
      if (typeof inner !== 'string') throw new TypeError('" u" tag without a string')
      return new FlaskUUID(inner)
    default: {
      // " d": werkzeug's parse_date returns None for what it cannot parse.
      if (typeof inner !== 'string') return null
      const time = Date.parse(inner)
      return Number.isNaN(time) ? null : new Date(time)
    }
  }
}

/** `TaggedJSONSerializer.untag` applied bottom-up, as `json.loads(..., object_hook=untag)` does. */
function untagValue(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value
  checkDepth(depth)
  if (Array.isArray(value)) return value.map((item: unknown) => untagValue(item, depth + 1))
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  const converted = defineAll(keys.map((key) => [key, untagValue(record[key], depth + 1)]))
  const only = keys[0]
  if (keys.length === 1 && only !== undefined && TAG_KEYS.has(only)) {
    const inner = converted[only]
    if (only === ' di' && (typeof inner !== 'object' || inner === null || Array.isArray(inner))) {
      throw new TypeError('" di" tag without a dict')
    }
    return untagOne(only, inner)
  }
  return converted
}

/** `TaggedJSONSerializer.dumps`: tag, then Flask's compact sorted ASCII JSON. */
export function dumpsTaggedJson(value: unknown): string {
  return pythonJsonDumps(tagValue(value))
}

/** `TaggedJSONSerializer.loads`. Throws `TypeError`/`SyntaxError` for malformed input. */
export function loadsTaggedJson(text: string): unknown {
  return untagValue(JSON.parse(text))
}

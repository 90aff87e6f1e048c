import { ConfigError } from '../errors.js'
import { decodeTaggedJson, encodeTaggedJson } from './tagged-json.js'

/**
 * Turns session data into text and back. Must produce JSON (S1: never a code-executing format).
 *
 * @example
 * ```ts
 * const plain: SessionSerializer = { name: 'json', stringify: JSON.stringify, parse: JSON.parse }
 * ```
 */
export interface SessionSerializer {
  readonly name: string
  stringify(value: unknown): string
  parse(text: string): unknown
}

/**
 * The default serializer: Flask's tagged JSON (JSON plus `Date` and `Uint8Array`), compact, with
 * `__proto__`/`constructor.prototype` keys dropped on the way in and out (S2).
 *
 * @example
 * ```ts
 * taggedJson.parse(taggedJson.stringify({ at: new Date(0) })) // { at: Date(0) }
 * ```
 */
export const taggedJson: SessionSerializer = {
  name: 'tagged-json',
  stringify: (value) => encodeTaggedJson(value),
  parse: (text) => decodeTaggedJson(text),
}

const PROBE = { text: 'a;b "c" é', list: [1, 2.5, null, true], nested: { flag: false } }

/**
 * Checks at construction time that a serializer writes JSON and reads it back unchanged; a
 * serializer that writes anything else (YAML, pickle-like, devalue, a JS literal) is refused (S1).
 *
 * @example
 * ```ts
 * assertJsonSerializer({ name: 'json', stringify: JSON.stringify, parse: JSON.parse }) // ok
 * ```
 */
export function assertJsonSerializer(serializer: SessionSerializer): void {
  const how = 'Use the default tagged-JSON serializer or one whose output JSON.parse reads back unchanged'
  let text: string
  let back: unknown
  try {
    text = serializer.stringify(PROBE)
    back = serializer.parse(text)
  } catch (cause) {
    throw new ConfigError(`serializer "${serializer.name}" failed to round-trip a plain object. ${how}.`, { cause })
  }
  let parsed: unknown
  try {
    parsed = typeof text === 'string' ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  const expected = JSON.stringify(PROBE)
  if (JSON.stringify(parsed) !== expected || JSON.stringify(back) !== expected) {
    throw new ConfigError(`serializer "${serializer.name}" does not write JSON. ${how}.`)
  }
}

/**
 * Options of {@link stringifyJson}.
 *
 * @example
 * ```ts
 * stringifyJson(value, { sortKeys: true, asciiOnly: true }) // Python json.dumps(sort_keys=True)
 * ```
 */
export interface JsonTextOptions {
  /** Sort object keys by code unit, as Python's `sort_keys=True` (Flask's default). */
  sortKeys?: boolean
  /** Escape everything outside printable ASCII as `\uXXXX`, as Python's `ensure_ascii=True`. */
  asciiOnly?: boolean
}

// Python's ensure_ascii escapes every character outside ' '..'~', including DEL.
const NON_ASCII = /[\u007f-\uffff]/g

function quote(text: string, asciiOnly: boolean): string {
  const quoted = JSON.stringify(text)
  return asciiOnly ? quoted.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : quoted
}

/**
 * Compact JSON text (no spaces, like Python's `separators=(',', ':')`) of a JSON value tree, with
 * optional key sorting and ASCII escaping so formats can match Python's bytes. The input must
 * already be plain JSON values (see `encodeTaggedJson`).
 *
 * @example
 * ```ts
 * stringifyJson({ b: 1, a: 'é' }, { sortKeys: true, asciiOnly: true }) // '{"a":"\\u00e9","b":1}'
 * ```
 */
export function stringifyJson(value: unknown, options: JsonTextOptions = {}): string {
  const asciiOnly = options.asciiOnly ?? false
  const write = (node: unknown): string => {
    if (typeof node === 'string') return quote(node, asciiOnly)
    if (Array.isArray(node)) return `[${node.map(write).join(',')}]`
    if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node)
      if (options.sortKeys) keys.sort()
      const record = node as Record<string, unknown>
      return `{${keys.map((key) => `${quote(key, asciiOnly)}:${write(record[key])}`).join(',')}}`
    }
    return JSON.stringify(node)
  }
  return write(value)
}

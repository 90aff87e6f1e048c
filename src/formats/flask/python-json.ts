/**
 * JSON text exactly as Flask 2.2's default JSON provider writes session data:
 * `json.dumps(obj, separators=(",", ":"), ensure_ascii=True, sort_keys=True)`.
 * Input is already tagged (plain objects, arrays, strings, finite numbers, booleans, null).
 */

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/** Python's `ensure_ascii` string encoding: everything outside `' '..'~'` becomes `\uXXXX` (lowercase hex). */
function pythonJsonString(value: string): string {
  let out = '"'
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i)
    const code = value.charCodeAt(i)
    const short = SHORT_ESCAPES[char]
    if (short !== undefined) out += short
    // Astral characters are written as their UTF-16 surrogate pair, one \u escape per code unit, as Python does.
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += char
  }
  return `${out}"`
}

/**
 * Python's `float.__repr__` (shortest round-trip digits; scientific notation when the decimal
 * exponent is below -4 or at least 16). Integral JavaScript numbers are written as Python ints.
 */
function pythonJsonNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError('session-testkit: Flask session data holds a non-finite number. Store finite numbers only.')
  }
  // JSON.stringify writes integers below 1e21 as digits, which Python reads as an int.
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value)
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e')
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const sign = negative ? '-' : ''
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : `${digits}`
    const expSign = exponent < 0 ? '-' : '+'
    return `${sign}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
  const fracPart = digits.slice(exponent + 1)
  return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`
}

/** Python sorts `str` keys by code point; JavaScript's default sort compares UTF-16 code units. */
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a)
  const right = Array.from(b)
  const length = Math.min(left.length, right.length)
  for (let i = 0; i < length; i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0)
    if (diff !== 0) return diff
  }
  return left.length - right.length
}

/** Serializes tagged JSON data as Flask does (compact, ASCII-only, keys sorted by code point). */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return pythonJsonString(value)
    case 'number':
      return pythonJsonNumber(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      throw new TypeError(`session-testkit: Flask session data cannot hold a ${typeof value}. Store JSON values, tuples, bytes, dates, UUIDs or Markup.`)
  }
  if (Array.isArray(value)) return `[${value.map((item: unknown) => pythonJsonDumps(item ?? null)).join(',')}]`
  const record = value as Record<string, unknown>
  // Like JSON.stringify, keys holding `undefined` are left out.
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort(compareCodePoints)
  return `{${keys.map((key) => `${pythonJsonString(key)}:${pythonJsonDumps(record[key])}`).join(',')}}`
}

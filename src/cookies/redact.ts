import { parseSetCookie } from './parse-set-cookie.js'

const KEEP = 6

/**
 * Shortens a cookie value to its first 6 characters followed by `…`, so that messages and
 * reports never print a full session value.
 *
 * @example
 * ```ts
 * redactCookieValue('s%3Aabcdef.sig') // 's%3Aab…'
 * ```
 */
export function redactCookieValue(value: string): string {
  return value.length <= KEEP ? value : `${value.slice(0, KEEP)}…`
}

/**
 * A Set-Cookie header with its cookie value redacted past 6 characters; attributes are kept verbatim.
 *
 * @example
 * ```ts
 * redactSetCookie('sid=s%3Aabcdef.sig; Path=/; HttpOnly') // 'sid=s%3Aab…; Path=/; HttpOnly'
 * ```
 */
export function redactSetCookie(header: string): string {
  const { value } = parseSetCookie(header)
  if (value.length <= KEEP) return header
  const semi = header.indexOf(';')
  const pair = semi === -1 ? header : header.slice(0, semi)
  const eq = pair.indexOf('=')
  const head = eq === -1 ? '' : `${pair.slice(0, eq + 1)}`
  return `${head}${redactCookieValue(value)}${semi === -1 ? '' : header.slice(semi)}`
}

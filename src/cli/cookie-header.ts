import { ConfigError } from '../errors.js'
import type { CookieMap } from '../formats/types.js'

/**
 * Turns decode's input into the cookies a browser would send: either a `Cookie` header
 * (`name=value; name2=value2`, an optional `Cookie:` prefix allowed) or a bare value of the
 * session cookie `cookieName`. Values stay raw: each format unquotes and decodes as its library does.
 *
 * @example
 * ```ts
 * cookiesFromInput('session=eyJ...; session.sig=abc', 'session') // Map { 'session' => 'eyJ...', 'session.sig' => 'abc' }
 * cookiesFromInput('.eJyrVi...', 'session') // Map { 'session' => '.eJyrVi...' }
 * ```
 */
export function cookiesFromInput(input: string, cookieName: string): CookieMap {
  const text = input.trim().replace(/^cookie:\s*/i, '')
  const looksLikeHeader = text.includes(';') || text.startsWith(`${cookieName}=`)
  if (!looksLikeHeader) return new Map([[cookieName, text]])
  const cookies = new Map<string, string>()
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    const name = part.slice(0, eq).trim()
    // Like the `cookie` package and most servers, the first cookie of a name wins (T8).
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim())
  }
  if (!cookies.has(cookieName)) {
    const names = [...cookies.keys()].join(', ') || 'none'
    throw new ConfigError(`session-testkit: the Cookie header has no "${cookieName}" cookie (it has: ${names}). Pass --cookie-name with the app's session cookie name.`)
  }
  return cookies
}

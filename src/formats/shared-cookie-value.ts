/**
 * Decodes a raw cookie value the way the `cookie` package's `parse` does (express-session reads
 * its cookie through it): one pair of surrounding DQUOTEs is dropped, then the value is
 * percent-decoded when it holds a `%`, and kept raw when that decoding fails.
 */
export function decodeCookieValue(raw: string): string {
  let value = raw
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * Drops one leading DQUOTE pair the way the `cookies` package (cookie-session, Koa) does: it
 * checks only the first character, then cuts the first and the last.
 */
export function unquoteCookieValue(raw: string): string {
  return raw.startsWith('"') ? raw.slice(1, -1) : raw
}

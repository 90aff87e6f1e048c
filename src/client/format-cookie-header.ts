import type { FormatCookie } from '../formats/types.js'

/** A `Set-Cookie` header for a cookie a session format writes, to store it in the jar. */
export function formatCookieHeader(cookie: FormatCookie): string {
  const parts = [`${cookie.name}=${cookie.value}`]
  if (cookie.path !== undefined) parts.push(`Path=${cookie.path}`)
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`)
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(cookie.maxAge)}`)
  if (cookie.expires !== undefined) parts.push(`Expires=${cookie.expires.toUTCString()}`)
  if (cookie.secure) parts.push('Secure')
  if (cookie.httpOnly) parts.push('HttpOnly')
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`)
  return parts.join('; ')
}

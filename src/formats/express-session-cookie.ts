import type { FormatCookie } from './types.js'

/**
 * express-session's `cookie` option (see its README); `'auto'` values resolve as for a plain-http
 * request, since a format sees no request.
 *
 * @example
 * ```ts
 * formats.expressSession({ secret, store, cookie: { secure: true, sameSite: 'lax', maxAge: 3_600_000 } })
 * ```
 */
export interface ExpressSessionCookieOptions {
  maxAge?: number
  expires?: Date
  secure?: boolean | 'auto'
  httpOnly?: boolean
  path?: string
  domain?: string
  sameSite?: boolean | 'lax' | 'strict' | 'none' | 'auto'
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

/**
 * The `cookie` object express-session keeps in each stored record: `Cookie#data`, field for field
 * and in its order (JSON drops the `undefined` ones), as it stands after the `touch()` that
 * express-session runs before every save.
 */
export interface ExpressSessionCookieData {
  originalMaxAge: number | null
  partitioned?: boolean
  priority?: string
  expires: Date | null
  secure?: boolean
  httpOnly?: boolean
  domain?: string
  path?: string
  sameSite?: boolean | string
}

/** The record cookie of a new session, as `new Cookie(options)` followed by `touch()` builds it. */
export function newCookieData(options: ExpressSessionCookieOptions, now: number): ExpressSessionCookieData {
  const originalMaxAge = options.maxAge ?? (options.expires ? options.expires.getTime() - now : null)
  // `secure: 'auto'` and `sameSite: 'auto'` are resolved per request by express-session; a format has
  // no request, so they resolve as for plain http.
  const secure = options.secure === 'auto' ? false : options.secure
  const sameSite = options.sameSite === 'auto' ? 'lax' : options.sameSite
  return ordered({
    originalMaxAge,
    partitioned: options.partitioned,
    priority: options.priority,
    expires: originalMaxAge === null ? null : new Date(now + originalMaxAge),
    secure,
    httpOnly: options.httpOnly ?? true,
    domain: options.domain,
    path: options.path ?? '/',
    sameSite,
  })
}

/** The record cookie of an existing session after `touch()`: `expires` moves to now + originalMaxAge. */
export function touchedCookieData(stored: Record<string, unknown>, now: number): ExpressSessionCookieData {
  const originalMaxAge = typeof stored.originalMaxAge === 'number' ? stored.originalMaxAge : null
  return ordered({
    originalMaxAge,
    partitioned: stored.partitioned as boolean | undefined,
    priority: stored.priority as string | undefined,
    expires: originalMaxAge === null ? null : new Date(now + originalMaxAge),
    secure: stored.secure as boolean | undefined,
    httpOnly: stored.httpOnly as boolean | undefined,
    domain: stored.domain as string | undefined,
    path: stored.path as string | undefined,
    sameSite: stored.sameSite as boolean | string | undefined,
  })
}

/** The Set-Cookie express-session sends for `value` with these cookie data. */
export function toFormatCookie(name: string, value: string, data: ExpressSessionCookieData): FormatCookie {
  const cookie: FormatCookie = { name, value }
  if (data.path !== undefined) cookie.path = data.path
  if (data.domain !== undefined) cookie.domain = data.domain
  if (data.secure === true) cookie.secure = true
  if (data.httpOnly === true) cookie.httpOnly = true
  const sameSite = sameSiteAttribute(data.sameSite)
  if (sameSite) cookie.sameSite = sameSite
  if (data.expires) cookie.expires = data.expires
  return cookie
}

function sameSiteAttribute(value: boolean | string | undefined): FormatCookie['sameSite'] {
  // The `cookie` package: `true` means Strict; strings are matched case-insensitively.
  if (value === true) return 'Strict'
  switch (typeof value === 'string' ? value.toLowerCase() : '') {
    case 'strict': return 'Strict'
    case 'lax': return 'Lax'
    case 'none': return 'None'
    default: return undefined
  }
}

function ordered(data: { [K in keyof ExpressSessionCookieData]-?: ExpressSessionCookieData[K] | undefined }): ExpressSessionCookieData {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value
  return out as unknown as ExpressSessionCookieData
}

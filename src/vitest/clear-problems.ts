import { getCookieAttribute, hasCookieAttribute, isDeletionCookie, type ParsedSetCookie } from '../cookies/index.js'
import { findCookie } from './receivers.js'
import type { ClearCookieOptions } from './types.js'

const normalize = (d: string | undefined): string | undefined => d?.replace(/^\./, '').toLowerCase()

/** What L5 found about the deletion header for one cookie. */
export interface ClearCheck {
  cookie: ParsedSetCookie | undefined
  problems: string[]
  actual: { deletion: boolean; path: string | undefined; domain: string | undefined } | undefined
  expected: { deletion: true; path: string; domain: string | undefined }
}

/**
 * L5: the response sends a deletion header (Max-Age <= 0, or Expires in the past) for `name` with
 * the Path and Domain it was set with (default `/`, host-only), and Secure for prefixed names.
 * A deletion header with another Path or Domain names a different cookie and deletes nothing.
 */
export function checkCleared(headers: readonly string[], name: string, options: ClearCookieOptions = {}): ClearCheck {
  const path = options.path ?? '/'
  const domain = normalize(options.domain)
  const expected = { deletion: true as const, path, domain }
  const cookie = findCookie(headers, name)
  if (cookie === undefined) return { cookie, problems: ['the response has no Set-Cookie for it'], actual: undefined, expected }
  const gotPath = getCookieAttribute(cookie, 'Path')?.value
  const gotDomain = normalize(getCookieAttribute(cookie, 'Domain')?.value)
  const deletion = isDeletionCookie(cookie)
  const problems: string[] = []
  if (!deletion) problems.push('it is not a deletion header: it needs Max-Age=0 or an Expires in the past')
  if (gotPath !== path) problems.push(`Path is ${gotPath === undefined ? 'missing' : gotPath}, expected ${path}: another Path deletes a different cookie`)
  if (gotDomain !== domain) problems.push(`Domain is ${gotDomain ?? 'absent (host-only)'}, expected ${domain ?? 'absent (host-only)'}: another Domain deletes a different cookie`)
  // RFC 6265bis §4.1.3: browsers accept a __Secure-/__Host- cookie, a deleting one too, only with Secure.
  if (/^__(secure|host)-/i.test(name) && !hasCookieAttribute(cookie, 'Secure')) problems.push('a prefixed cookie can only be deleted by a header with Secure')
  return { cookie, problems, actual: { deletion, path: gotPath, domain: gotDomain }, expected }
}

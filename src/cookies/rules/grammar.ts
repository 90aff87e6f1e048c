import { isCookieValue, isMaxAgeDigits, isToken, parseImfFixdate } from '../grammar.js'
import type { CookieViolation } from '../types.js'
import { label, type CookieRule } from './rule-context.js'

const KNOWN = new Set(['expires', 'max-age', 'domain', 'path', 'secure', 'httponly', 'samesite', 'partitioned', 'priority'])
const FLAGS = new Set(['secure', 'httponly', 'partitioned'])
// RFC 6265bis §5.6: a set-cookie-string containing "a %x00-08 / %x0A-1F / %x7F character (CTL
// characters excluding HTAB)" is ignored entirely.
const hasControlChars = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c <= 0x1f && c !== 0x09) || c === 0x7f) return true
  }
  return false
}

/**
 * A7 grammar (RFC 6265bis §4.1.1): `cookie-name = token`, `cookie-value = *cookie-octet / ( DQUOTE
 * *cookie-octet DQUOTE )`, `expires-av = "Expires" BWS "=" BWS sane-cookie-date` (an IMF-fixdate),
 * `max-age-av = "Max-Age" BWS "=" BWS non-zero-digit *DIGIT`, and "servers SHOULD NOT produce two
 * attributes with the same name in the same set-cookie-string". Unknown attributes are reported
 * too: user agents ignore them, so they are usually typos of a security attribute.
 */
export const checkGrammar: CookieRule = (cookie) => {
  const problems: string[] = []
  if (hasControlChars(cookie.header)) problems.push('the header contains control characters (browsers ignore it)')
  if (!isToken(cookie.name)) problems.push(cookie.name === '' ? 'the cookie has no name' : 'the name is not an RFC 9110 token')
  if (!isCookieValue(cookie.value)) problems.push('the value holds characters outside cookie-octet (encode it, e.g. base64url)')
  const seen = new Set<string>()
  for (const attr of cookie.attributes) {
    if (seen.has(attr.key)) problems.push(`${attr.name} appears more than once`)
    seen.add(attr.key)
    if (!KNOWN.has(attr.key)) {
      problems.push(`unknown attribute ${attr.name} (browsers ignore it)`)
    } else if (FLAGS.has(attr.key) && attr.value !== undefined) {
      problems.push(`${attr.name} takes no value (got ${attr.name}=${attr.value})`)
    } else if (attr.key === 'expires' && (attr.value === undefined || parseImfFixdate(attr.value) === undefined)) {
      problems.push(`Expires=${attr.value ?? ''} is not an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT"`)
    } else if (attr.key === 'max-age' && (attr.value === undefined || !isMaxAgeDigits(attr.value))) {
      problems.push(`Max-Age=${attr.value ?? ''} is not a positive integer without leading zeros`)
    }
  }
  return problems.map((p): CookieViolation => ({ id: 'A7', message: `${label(cookie)}: ${p}.` }))
}

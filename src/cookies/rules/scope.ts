import { normalizeDomain } from '../policy.js'
import { getCookieAttribute, hasCookieAttribute } from '../parse-set-cookie.js'
import type { CookieViolation } from '../types.js'
import { label, type CookieRule } from './rule-context.js'

const startsWithInsensitive = (s: string, prefix: string): boolean => s.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()

/**
 * A4 prefixes, A5 Domain, A6 Path.
 */
export const checkScope: CookieRule = (cookie, policy) => {
  const out: CookieViolation[] = []
  const secure = hasCookieAttribute(cookie, 'Secure')
  const domain = getCookieAttribute(cookie, 'Domain')
  const path = getCookieAttribute(cookie, 'Path')?.value
  const name = cookie.name

  // RFC 6265bis §4.1.3.2: "If a cookie's name begins with a case-insensitive match for the string
  // __Host-, then the cookie will have been set with a Secure attribute, a Path attribute with a
  // value of /, and no Domain attribute."
  if (startsWithInsensitive(name, '__Host-')) {
    const missing = [!secure && 'Secure', path !== '/' && 'Path=/', domain !== undefined && 'no Domain'].filter(Boolean)
    if (missing.length > 0) {
      out.push({ id: 'A4', message: `${label(cookie)} has the __Host- prefix but lacks ${missing.join(', ')}: browsers reject it.` })
    }
  } else if (startsWithInsensitive(name, '__Secure-') && !secure) {
    // RFC 6265bis §4.1.3.1: "If a cookie's name begins with a case-insensitive match for the string
    // __Secure-, then the cookie will have been set with a Secure attribute."
    out.push({ id: 'A4', message: `${label(cookie)} has the __Secure- prefix but no Secure attribute: browsers reject it.` })
  }
  if (policy.requirePrefix !== undefined) {
    const ok = name.startsWith(policy.requirePrefix) || (policy.requirePrefix === '__Secure-' && name.startsWith('__Host-'))
    if (!ok) {
      out.push({ id: 'A4', message: `${label(cookie)} does not start with ${policy.requirePrefix} (exact case); the policy requires it. Rename it ${policy.requirePrefix}${name}.` })
    }
  }

  // RFC 6265bis §4.1.2.3: "If the server omits the Domain attribute, the user agent will return
  // the cookie only to the origin server."
  if (domain !== undefined && !policy.allowDomain.includes(normalizeDomain(domain.value ?? ''))) {
    out.push({ id: 'A5', message: `${label(cookie)} has Domain=${domain.value ?? ''}: it is sent to every subdomain. Omit Domain (host-only cookie) or allow that domain in the policy.` })
  }

  // RFC 6265bis §5.6.4: without a Path attribute (or one not starting with "/") the user agent uses
  // the default-path, the directory of the request URI.
  if (path !== policy.path) {
    const got = path === undefined ? 'no Path attribute (the browser uses the request\'s directory)' : `Path=${path}`
    out.push({ id: 'A6', message: `${label(cookie)} has ${got}; the policy requires Path=${policy.path}.` })
  }
  return out
}

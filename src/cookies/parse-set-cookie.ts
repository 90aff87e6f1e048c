import type { CookieAttribute, ParsedSetCookie } from './types.js'

// RFC 6265bis §5.6 removes "any leading or trailing WSP characters" (SP and HTAB).
const trimWsp = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '')

/**
 * Splits one raw Set-Cookie header as RFC 6265bis §5.6 does, without dropping anything a policy
 * check needs: attribute order, duplicates, unknown attributes and the raw header are kept, and
 * the value is neither unquoted nor URI-decoded.
 *
 * @example
 * ```ts
 * const c = parseSetCookie('sid=abc; Path=/; HttpOnly')
 * c.name // 'sid'
 * c.attributes.map((a) => a.name) // ['Path', 'HttpOnly']
 * ```
 */
export function parseSetCookie(header: string): ParsedSetCookie {
  // "If the set-cookie-string contains a %x3B (";") character: The name-value-pair string consists
  // of the characters up to, but not including, the first %x3B (";")" (RFC 6265bis §5.6).
  const semi = header.indexOf(';')
  const pair = semi === -1 ? header : header.slice(0, semi)
  const rest = semi === -1 ? '' : header.slice(semi + 1)
  // "If the name-value-pair string lacks a %x3D ("=") character, then the name string is empty,
  // and the value string is the value of name-value-pair."
  const eq = pair.indexOf('=')
  const name = eq === -1 ? '' : trimWsp(pair.slice(0, eq))
  const value = trimWsp(eq === -1 ? pair : pair.slice(eq + 1))
  const attributes: CookieAttribute[] = []
  if (semi !== -1) {
    for (const raw of rest.split(';')) {
      const aeq = raw.indexOf('=')
      const attrName = trimWsp(aeq === -1 ? raw : raw.slice(0, aeq))
      if (attrName === '' && aeq === -1) continue
      attributes.push({
        name: attrName,
        key: attrName.toLowerCase(),
        value: aeq === -1 ? undefined : trimWsp(raw.slice(aeq + 1)),
        raw,
      })
    }
  }
  return { name, value, attributes, header }
}

/**
 * The attribute a user agent would use: the last one with that name, case-insensitively
 * ("If the cookie-attribute-list contains an attribute with an attribute-name of …, let … be the
 * attribute-value of the last attribute in the cookie-attribute-list with that name", RFC 6265bis §5.7).
 *
 * @example
 * ```ts
 * getCookieAttribute(parseSetCookie('a=1; Path=/x; path=/'), 'Path')?.value // '/'
 * ```
 */
export function getCookieAttribute(cookie: ParsedSetCookie, name: string): CookieAttribute | undefined {
  const key = name.toLowerCase()
  for (let i = cookie.attributes.length - 1; i >= 0; i--) {
    const attr = cookie.attributes[i]
    if (attr?.key === key) return attr
  }
  return undefined
}

/**
 * Whether the header carries the attribute at all (flags such as `Secure`, `HttpOnly`, `Partitioned`).
 *
 * @example
 * ```ts
 * hasCookieAttribute(parseSetCookie('a=1; secure'), 'Secure') // true
 * ```
 */
export function hasCookieAttribute(cookie: ParsedSetCookie, name: string): boolean {
  return getCookieAttribute(cookie, name) !== undefined
}

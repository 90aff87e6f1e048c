import type { CookieViolation } from '../types.js'
import { label, type CookieRule } from './rule-context.js'

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/**
 * A8 size. RFC 6265bis §5.6: "If the sum of the lengths of the name string and the value string
 * is more than 4096 octets, abort these steps and ignore the set-cookie-string entirely", and
 * "If the attribute-value contains more than 1024 octets, ignore the cookie-av."
 */
export const checkSize: CookieRule = (cookie) => {
  const out: CookieViolation[] = []
  const pair = bytes(cookie.name) + bytes(cookie.value)
  if (pair > 4096) {
    out.push({ id: 'A8', message: `${label(cookie)}: name + value is ${pair} bytes, over the 4096 browsers keep. Store the data server-side.` })
  }
  for (const attr of cookie.attributes) {
    const size = bytes(attr.value ?? '')
    if (size > 1024) out.push({ id: 'A8', message: `${label(cookie)}: the ${attr.name} value is ${size} bytes, over the 1024 browsers keep.` })
  }
  return out
}

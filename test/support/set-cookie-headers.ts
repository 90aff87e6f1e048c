/** Small helpers to read Set-Cookie headers from supertest responses in the reference tests. */
import type { Response } from 'supertest'

/** Every Set-Cookie header of a response. */
export function setCookies(res: Response): string[] {
  const header = res.headers['set-cookie'] as string[] | string | undefined
  return header === undefined ? [] : Array.isArray(header) ? header : [header]
}

/** The Set-Cookie header for `name`, or `undefined`. */
export function setCookieFor(res: Response, name = 'session'): string | undefined {
  return setCookies(res).find((h) => h.startsWith(`${name}=`))
}

/** `name=value` from the response's Set-Cookie for `name`, ready for a Cookie header; throws if absent. */
export function cookiePair(res: Response, name = 'session'): string {
  const header = setCookieFor(res, name)
  if (header === undefined) throw new Error(`no Set-Cookie for ${name}; got ${JSON.stringify(setCookies(res))}`)
  return header.split(';')[0] ?? ''
}

/** The value part of `cookiePair`. */
export function cookieValue(res: Response, name = 'session'): string {
  return cookiePair(res, name).slice(name.length + 1)
}

/** One attribute of a Set-Cookie header (case-insensitive name), `true` for flags, `undefined` if absent. */
export function attribute(header: string, name: string): string | true | undefined {
  for (const part of header.split(';').slice(1)) {
    const [key, ...rest] = part.trim().split('=')
    if (key?.toLowerCase() === name.toLowerCase()) return rest.length === 0 ? true : rest.join('=')
  }
  return undefined
}

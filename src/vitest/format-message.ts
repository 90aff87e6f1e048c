import { redactSetCookie, type ParsedSetCookie } from '../cookies/index.js'

/** `expect(received).not.toX(args)`: the first line of every message. */
export function hint(matcher: string, isNot: boolean, args: string, received = 'response'): string {
  return `expect(${received})${isNot ? '.not' : ''}.${matcher}(${args})`
}

/** The Set-Cookie header(s) of a message, each value redacted past 6 characters. */
export function showHeaders(headers: readonly string[]): string {
  if (headers.length === 0) return 'Set-Cookie headers: (none)'
  return headers.map((h) => `Set-Cookie: ${redactSetCookie(h)}`).join('\n')
}

/** The header a cookie came from, redacted. */
export function showCookie(cookie: ParsedSetCookie): string {
  return `Set-Cookie: ${redactSetCookie(cookie.header)}`
}

/** Joins message blocks with blank lines. */
export function lines(...blocks: Array<string | false | undefined>): string {
  return blocks.filter((b): b is string => typeof b === 'string' && b !== '').join('\n\n')
}

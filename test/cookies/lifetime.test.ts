import { describe, expect, it } from 'vitest'
import { cookieLifetime, isDeletionCookie, parseSetCookie } from '../../src/cookies/index.js'

const now = new Date('2026-01-01T00:00:00Z')

describe('cookieLifetime(cookie, now)', () => {
  it('is a browser-session cookie without Max-Age and Expires', () => {
    expect(cookieLifetime(parseSetCookie('a=1; Path=/'), now)).toEqual({ maxAgeSeconds: undefined, expires: undefined, expiresInMs: undefined, persistent: false })
  })

  it('gives Max-Age precedence over Expires (RFC 6265bis §4.1.2.2)', () => {
    const life = cookieLifetime(parseSetCookie('a=1; Expires=Fri, 02 Jan 2026 00:00:00 GMT; Max-Age=60'), now)
    expect(life).toMatchObject({ maxAgeSeconds: 60, expiresInMs: 60_000, persistent: true })
    expect(life.expires?.toISOString()).toBe('2026-01-02T00:00:00.000Z')
  })

  it('reads Expires relative to now', () => {
    expect(cookieLifetime(parseSetCookie('a=1; Expires=Fri, 02 Jan 2026 00:00:00 GMT'), now).expiresInMs).toBe(86_400_000)
  })

  it('ignores a Max-Age that does not start with a digit or "-digit"', () => {
    expect(cookieLifetime(parseSetCookie('a=1; Max-Age=abc'), now).persistent).toBe(false)
  })
})

describe('isDeletionCookie(cookie, now)', () => {
  it.each([
    ['sid=; Max-Age=0', true],
    ['sid=; Max-Age=-1', true],
    ['sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', true],
    ['sid=; Path=/', false],
    ['sid=x; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT', false],
    ['sid=x; Expires=Fri, 02 Jan 2026 00:00:00 GMT', false],
  ])('%s → %s', (header, expected) => {
    expect(isDeletionCookie(parseSetCookie(header), now)).toBe(expected)
  })
})

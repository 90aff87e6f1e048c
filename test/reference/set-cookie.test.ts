import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CookieAttributes } from '../../src/reference/resolve-config.js'
import { readRequestCookie, serializeDeletionCookie, serializeSessionCookie } from '../../src/reference/set-cookie.js'

const attrs: CookieAttributes = { secure: true, httpOnly: true, sameSite: 'Lax', path: '/', domain: undefined, partitioned: false }

describe('serializeSessionCookie(name, value, attrs, maxAgeSeconds?)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T12:00:00.750Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes a browser-session cookie with the hardened attributes', () => {
    expect(serializeSessionCookie('session', 'abc', attrs)).toBe('session=abc; Path=/; Secure; HttpOnly; SameSite=Lax')
  })

  it('A9: writes Max-Age and an Expires from the same whole second', () => {
    expect(serializeSessionCookie('session', 'abc', { ...attrs, domain: 'app.test', partitioned: true }, 60)).toBe(
      'session=abc; Max-Age=60; Expires=Sun, 01 Mar 2026 12:01:00 GMT; Path=/; Domain=app.test; Secure; HttpOnly; SameSite=Lax; Partitioned',
    )
  })
})

describe('serializeDeletionCookie(name, attrs)', () => {
  it('L5: keeps the name, Path, Domain and Secure of the cookie it deletes', () => {
    expect(serializeDeletionCookie('__Secure-sid', { ...attrs, path: '/app', domain: 'app.test' })).toBe(
      '__Secure-sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app; Domain=app.test; Secure; HttpOnly; SameSite=Lax',
    )
  })
})

describe('readRequestCookie(header, name)', () => {
  it('T8: matches the exact name only, first occurrence wins', () => {
    expect(readRequestCookie('__HOST-sid=evil; __Host-sid=good', '__Host-sid')).toBe('good')
    expect(readRequestCookie('__HOST-sid=evil', '__Host-sid')).toBeUndefined()
    expect(readRequestCookie('session=a; session=b', 'session')).toBe('a')
  })

  it('tolerates spaces, cookies without "=", quotes and a missing header', () => {
    expect(readRequestCookie(' other ; session = "v1" ', 'session')).toBe('v1')
    expect(readRequestCookie(undefined, 'session')).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { getCookieAttribute, hasCookieAttribute, parseSetCookie } from '../../src/cookies/index.js'

describe('parseSetCookie(header)', () => {
  it('splits name, raw value and attributes in order, keeping case and the raw header', () => {
    const header = 'sid=s%3Aabc.def; Path=/; HttpOnly; samesite=lax; Max-Age=60'
    expect(parseSetCookie(header)).toEqual({
      name: 'sid',
      value: 's%3Aabc.def',
      header,
      attributes: [
        { name: 'Path', key: 'path', value: '/', raw: ' Path=/' },
        { name: 'HttpOnly', key: 'httponly', value: undefined, raw: ' HttpOnly' },
        { name: 'samesite', key: 'samesite', value: 'lax', raw: ' samesite=lax' },
        { name: 'Max-Age', key: 'max-age', value: '60', raw: ' Max-Age=60' },
      ],
    })
  })

  it('keeps duplicate and unknown attributes (A7 needs them)', () => {
    const c = parseSetCookie('a=1; Path=/x; Path=/; Foo=bar; Secure')
    expect(c.attributes.map((a) => a.name)).toEqual(['Path', 'Path', 'Foo', 'Secure'])
  })

  it('keeps quotes and does not URI-decode the value', () => {
    expect(parseSetCookie('a="x%20y"; Path=/').value).toBe('"x%20y"')
  })

  it('splits the value at the first "=" only', () => {
    expect(parseSetCookie('a=b=c==').value).toBe('b=c==')
  })

  it('gives an empty name when the pair has no "=" (RFC 6265bis §5.6)', () => {
    expect(parseSetCookie('justvalue; Path=/')).toMatchObject({ name: '', value: 'justvalue' })
  })

  it('trims spaces and tabs around names and values', () => {
    const c = parseSetCookie(' a \t= 1 ;\tSameSite = Strict ')
    expect(c).toMatchObject({ name: 'a', value: '1' })
    expect(c.attributes[0]).toMatchObject({ name: 'SameSite', value: 'Strict' })
  })

  it('skips empty attributes between semicolons', () => {
    expect(parseSetCookie('a=1;; ;Secure').attributes.map((a) => a.key)).toEqual(['secure'])
  })
})

describe('getCookieAttribute(cookie, name)', () => {
  it('returns the last attribute with that name, case-insensitively, as a browser does', () => {
    expect(getCookieAttribute(parseSetCookie('a=1; Path=/x; path=/'), 'PATH')?.value).toBe('/')
  })

  it('returns undefined when absent', () => {
    expect(getCookieAttribute(parseSetCookie('a=1'), 'Domain')).toBeUndefined()
  })
})

describe('hasCookieAttribute(cookie, name)', () => {
  it('finds flags in any case', () => {
    const c = parseSetCookie('a=1; secure; HTTPONLY')
    expect([hasCookieAttribute(c, 'Secure'), hasCookieAttribute(c, 'HttpOnly'), hasCookieAttribute(c, 'Partitioned')]).toEqual([true, true, false])
  })
})

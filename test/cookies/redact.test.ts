import { describe, expect, it } from 'vitest'
import { redactCookieValue, redactSetCookie } from '../../src/cookies/index.js'

describe('redactCookieValue(value)', () => {
  it('keeps the first 6 characters only', () => {
    expect(redactCookieValue('s%3Asecretvalue.sig')).toBe('s%3Ase…')
  })

  it('leaves values of 6 characters or fewer alone', () => {
    expect(redactCookieValue('abcdef')).toBe('abcdef')
  })
})

describe('redactSetCookie(header)', () => {
  it('redacts the value and keeps the attributes verbatim', () => {
    expect(redactSetCookie('sid=s%3Asecretvalue.sig; Path=/; HttpOnly')).toBe('sid=s%3Ase…; Path=/; HttpOnly')
  })

  it('handles a header without attributes', () => {
    expect(redactSetCookie('sid=0123456789')).toBe('sid=012345…')
  })

  it('never contains the full value', () => {
    const value = 'eyJ1c2VyX2lkIjo0Mn0.signature'
    expect(redactSetCookie(`session=${value}; Secure`)).not.toContain(value)
  })
})

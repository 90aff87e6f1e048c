import type { Response as SupertestResponse } from 'supertest'
import { describe, expect, expectTypeOf, test } from 'vitest'
import type { TestClient } from '../../src/client/types.js'
import type { CookiePolicy } from '../../src/cookies/index.js'
import { sessionMatchers, type SetCookieAttributes } from '../../src/vitest/index.js'

declare const res: SupertestResponse
declare const fetchResponse: Response
declare const client: TestClient

describe('sync matchers', () => {
  test('type-check on responses, headers and raw Set-Cookie strings', () => {
    expect(res).toSetCookie('sid')
    expect(res).toSetCookie('sid', { httpOnly: true, sameSite: 'Lax', path: '/', domain: undefined, maxAge: expect.any(Number) })
    expect(fetchResponse).toSetSecureCookie('sid', { sameSite: ['Strict'], requirePrefix: '__Host-', allowDomain: 'example.com' })
    expect('sid=; Max-Age=0').toClearCookie('sid', { path: '/' })
    expect(['sid=a; Max-Age=60']).toSetCookieExpiringIn('sid', 60_000, { toleranceMs: 1000 })
    expect(fetchResponse.headers).toSetBrowserSessionCookie('sid')
  })

  test('.not keeps the same signatures', () => {
    expect(res).not.toSetCookie('sid', { secure: true })
    expect(res).not.toSetSecureCookie('sid')
    expect(res).not.toClearCookie('sid')
    expect(res).not.toSetCookieExpiringIn('sid', 1000)
    expect(res).not.toSetBrowserSessionCookie('sid')
  })

  test('parameters are typed', () => {
    expectTypeOf(expect(res).toSetCookie).parameter(1).toEqualTypeOf<SetCookieAttributes | undefined>()
    expectTypeOf(expect(res).toSetSecureCookie).parameter(1).toEqualTypeOf<CookiePolicy | undefined>()
  })

  test('wrong arguments do not compile', () => {
    // @ts-expect-error SameSite values are 'Strict' | 'Lax' | 'None', as RFC 6265bis spells them
    expect(res).toSetCookie('sid', { sameSite: 'lax' })
    // @ts-expect-error unknown attribute
    expect(res).toSetCookie('sid', { httponly: true })
    // @ts-expect-error the cookie name is required
    expect(res).toSetSecureCookie()
    // @ts-expect-error the lifetime is in milliseconds, a number
    expect(res).toSetCookieExpiringIn('sid', '7d')
    // @ts-expect-error policy.sameSite is a list
    expect(res).toSetSecureCookie('sid', { sameSite: 'Strict' })
  })
})

describe('async matchers', () => {
  test('return promises to await', () => {
    expectTypeOf(expect(client).toRotateSessionOn(() => client.post('/login'))).toEqualTypeOf<Promise<TestClient>>()
    expectTypeOf(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })).resolves.toEqualTypeOf<TestClient>()
    expectTypeOf(expect(client).toHaveSession({ user_id: 42 })).toExtend<Promise<unknown>>()
  })

  test('.not keeps the same signatures', () => {
    expectTypeOf(expect(client).not.toHaveSession({ user_id: 42 })).toExtend<Promise<unknown>>()
    expectTypeOf(expect(client).not.toRotateSessionOn(() => client.post('/login'), { probe: '/me' })).toExtend<Promise<unknown>>()
  })

  test('wrong arguments do not compile', () => {
    // @ts-expect-error toEndSessionOn needs { probe }
    void expect(client).toEndSessionOn(() => client.post('/logout'))
    // @ts-expect-error toHaveSession takes an object
    void expect(client).toHaveSession('user_id')
  })
})

describe('sessionMatchers', () => {
  test('can be passed to expect.extend', () => {
    expect.extend(sessionMatchers)
    expectTypeOf(sessionMatchers).toHaveProperty('toSetCookie')
    expectTypeOf(sessionMatchers).toHaveProperty('toRotateSessionOn')
  })
})

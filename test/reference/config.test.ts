import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { createSessionMiddleware } from '../../src/reference/middleware.js'
import { stores } from '../../src/stores/index.js'
import { TEST_SECRET } from '../support/reference-app.js'

describe('createSessionMiddleware(config)', () => {
  describe('when the configuration is unsafe or unworkable', () => {
    it.each([
      ['a missing secret', { secretKey: undefined }, /secretKey is missing\. Set it to at least 32 random bytes/],
      ['a short secret', { secretKey: 'short-secret' }, /secretKey is 12 bytes; use at least 32 random bytes/],
      ['a short fallback', { secretKeyFallbacks: ['old'] }, /secretKeyFallbacks\[0\] is 3 bytes/],
      ["sameSite 'none' without secure", { cookie: { sameSite: 'none', secure: false } }, /sameSite 'None' requires cookie\.secure\. Set secure: true/],
      ['partitioned without secure', { cookie: { partitioned: true, secure: false } }, /partitioned requires cookie\.secure/],
      ['a __Host- name with a domain', { cookieName: '__Host-sid', cookie: { domain: 'app.test' } }, /needs Secure, no Domain and Path=\/.*Remove cookie\.domain/],
      ['a __Host- name with another path', { cookieName: '__Host-sid', cookie: { path: '/app' } }, /__Host- prefix/],
      ['a __HOST- name (any case) with a domain', { cookieName: '__HOST-sid', cookie: { domain: 'app.test' } }, /__Host- prefix/],
      ['a __Secure- name without secure', { cookieName: '__Secure-sid', cookie: { secure: false } }, /__Secure- prefix/],
      ['a cookie name that is not a token', { cookieName: 'my session' }, /not an RFC 6265 token/],
      ['a lifetime over 400 days', { lifetimeSeconds: 401 * 86_400 }, /lifetimeSeconds is 34646400\. Use a whole number of seconds between 1 and 34560000/],
      ['ids under 128 bits', { idBytes: 8 }, /ids need at least 128 random bits/],
      ['a serializer that is not JSON', { serializer: { name: 'devalue', stringify: () => '[{"a":1},1]', parse: () => ({}) } }, /serializer "devalue" does not write JSON/],
      ['a store without get/set/destroy', { store: { kind: 'weird' } }, /store has no get\/set\/destroy/],
    ])('throws ConfigError for %s, saying how to fix it', (_name, overrides, message) => {
      const build = () => createSessionMiddleware({ secretKey: TEST_SECRET, ...overrides } as never)
      expect(build).toThrow(ConfigError)
      expect(build).toThrow(message)
    })

    it('never prints the secret', () => {
      const secretKey = 'hunter2-but-longer'
      expect(() => createSessionMiddleware({ secretKey })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secretKey) as unknown }))
    })
  })

  it('accepts the secure defaults and every store', () => {
    expect(() => createSessionMiddleware({ secretKey: TEST_SECRET })).not.toThrow()
    expect(() => createSessionMiddleware({ secretKey: TEST_SECRET, store: stores.memory(), cookieName: '__Host-sid' })).not.toThrow()
    expect(() => createSessionMiddleware({ secretKey: Buffer.alloc(32, 7), store: stores.filesystem('/tmp/never-created') })).not.toThrow()
  })
})

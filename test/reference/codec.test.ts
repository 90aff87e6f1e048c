import request from 'supertest'
import { describe, expect, it, vi } from 'vitest'
import { BadSignatureError, SessionExpiredError } from '../../src/errors.js'
import { createReferenceCodec } from '../../src/reference/codec.js'
import { resolveConfig } from '../../src/reference/resolve-config.js'
import { createTimestampSigner } from '../../src/signing/timestamp-signer.js'
import { createReferenceApp, TEST_SECRET } from '../support/reference-app.js'
import { freezeDateEachTest } from '../support/freeze-date.js'

const t0 = new Date('2026-03-01T12:00:00Z')
const codec = (config = {}) => createReferenceCodec(resolveConfig({ secretKey: TEST_SECRET, ...config }))

describe('createReferenceCodec(config)', () => {
  freezeDateEachTest(t0)

  it('round-trips a cookie session with its timing', () => {
    const c = codec()
    const session = { data: { user_id: 1, at: new Date('2026-01-01T00:00:00Z') }, meta: c.newMeta(true) }
    expect(c.decodeCookieSession(c.encodeCookieSession(session))).toEqual({ session, keyIndex: 0, signedAt: t0 })
  })

  it('T4: a signed id is never accepted as session data, nor session data as an id', () => {
    const c = codec()
    expect(() => c.decodeCookieSession(c.encodeId(c.newId()))).toThrow(BadSignatureError)
    expect(() => c.decodeId(c.encodeCookieSession({ data: {}, meta: c.newMeta(false) }))).toThrow(BadSignatureError)
  })

  it('T6: 1000 ids are unique and carry 256 random bits by default', () => {
    const c = codec()
    const ids = Array.from({ length: 1000 }, () => c.newId())
    expect(new Set(ids).size).toBe(1000)
    expect(ids.every((id) => Buffer.from(id, 'base64url').length === 32)).toBe(true)
  })

  it('L9: an embedded timestamp changed to look fresh breaks the signature', () => {
    const c = codec({ lifetimeSeconds: 60 })
    const value = c.encodeCookieSession({ data: { user_id: 1 }, meta: c.newMeta(false) })
    const parts = value.split('.')
    const fresh = Buffer.from((Math.floor(t0.getTime() / 1000) + 3600).toString(16), 'hex').toString('base64url')
    vi.setSystemTime(t0.getTime() + 3_600_000)
    expect(() => c.decodeCookieSession(value)).toThrow(SessionExpiredError)
    expect(() => c.decodeCookieSession(`${parts[0]}.${fresh}.${parts[2]}`)).toThrow(BadSignatureError)
  })

  it('ttlSeconds and maxAgeSeconds follow the tightest of lifetime, idle and absolute timeouts', () => {
    const c = codec({ lifetimeSeconds: 86_400, idleTimeoutSeconds: 1800, absoluteTimeoutSeconds: 3600 })
    const meta = { createdAt: t0.getTime() - 3_000_000, lastSeenAt: t0.getTime(), permanent: true }
    expect(c.maxAgeSeconds(meta)).toBe(600)
    expect(c.ttlSeconds(meta)).toBe(601)
  })
})

describe('createSessionMiddleware(config) when the data tries prototype pollution', () => {
  it('S2: a validly signed {"__proto__": …} or constructor.prototype pollutes nothing', async () => {
    const { app } = createReferenceApp({ noRevalidate: true })
    const signer = createTimestampSigner({ secretKey: TEST_SECRET, salt: 'session-testkit.reference:data:session' })
    const now = Date.now()
    const payload = `{"data":{"user_id":1,"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}},"meta":{"createdAt":${now},"lastSeenAt":${now},"permanent":false}}`
    const cookie = `session=${signer.sign(Buffer.from(payload).toString('base64url'))}`
    const res = await request(app).get('/session').set('Cookie', cookie).expect(200)
    expect(res.body).toEqual({ data: { user_id: 1 }, id: null, permanent: false })
    const fresh = await request(app).get('/session').expect(200)
    expect(fresh.body).toEqual({ data: {}, id: null, permanent: false })
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined()
  })
})

import request from 'supertest'
import { describe, expect, it, vi } from 'vitest'
import { createSigner } from '../../src/signing/signer.js'
import { brokenVariants, type BrokenVariantId } from './broken-variants.js'
import { createReferenceApp, TEST_FALLBACK, TEST_RETIRED, TEST_SECRET, type ReferenceApp } from './reference-app.js'
import { attribute, cookiePair, cookieValue, setCookieFor, setCookies } from './set-cookie-headers.js'
import { freezeDateEachTest } from './freeze-date.js'

const t0 = new Date('2026-03-01T12:00:00Z')
type App = ReferenceApp['app']

const login = async (app: App, name = 'session'): Promise<string> => cookiePair(await request(app).post('/login').send({ userId: 1 }), name)
const loginHeader = async (app: App, name = 'session'): Promise<string> => setCookieFor(await request(app).post('/login').send({ userId: 1 }), name) ?? ''
const meStatus = async (app: App, cookie: string): Promise<number> => (await request(app).get('/me').set('Cookie', cookie)).status
const later = (ms: number): void => void vi.setSystemTime(t0.getTime() + ms)
/** A login cookie issued by the same app configured with another key. */
const cookieSignedWith = async (secretKey: string): Promise<string> => login(createReferenceApp({ config: { secretKey } }).app)

/** For each variant: does the app show the flaw? Must be false on the baseline, true on the variant. */
const flawObserved: Record<BrokenVariantId, (instance: ReferenceApp) => Promise<boolean>> = {
  A1: async ({ app }) => attribute(await loginHeader(app), 'Secure') === undefined,
  A2: async ({ app }) => attribute(await loginHeader(app), 'HttpOnly') === undefined,
  A3: async ({ app }) => attribute(await loginHeader(app), 'SameSite') === 'None',
  A4: async ({ app }) => attribute(await loginHeader(app, '__Host-sid'), 'Domain') !== undefined,
  A5: async ({ app }) => attribute(await loginHeader(app), 'Domain') !== undefined,
  A6: async ({ app }) => attribute(await loginHeader(app), 'Path') !== '/',
  A8: async ({ app }) => {
    const res = await request(app).post('/cart').send({ item: 'x'.repeat(5000) })
    return (setCookieFor(res)?.split(';')[0]?.length ?? 0) > 4096
  },
  A9: async ({ app }) => Number(attribute(await loginHeader(app), 'Max-Age') ?? 0) > 400 * 86_400,
  A10: async ({ app }) => {
    const header = await loginHeader(app)
    return attribute(header, 'Partitioned') === true && attribute(header, 'Secure') === undefined
  },
  A11: async ({ app }) => (await request(app).get('/me')).headers.vary === undefined,
  L1: async ({ app }) => {
    const before = cookiePair(await request(app).post('/cart').send({ item: 'probe' }))
    const after = setCookieFor(await request(app).post('/login').set('Cookie', before).send({ userId: 1 }))?.split(';')[0] ?? before
    return ((await request(app).get('/cart').set('Cookie', after)).body as { cart: unknown[] }).cart.includes('probe')
  },
  L2: async ({ app }) => {
    const before = cookiePair(await request(app).post('/cart').send({ item: 'x' }))
    await request(app).post('/login').set('Cookie', before).send({ userId: 1 })
    return (await meStatus(app, before)) === 200
  },
  L3: async ({ app, store }) => {
    const planted = 'P'.repeat(43)
    const signed = createSigner({ secretKey: TEST_SECRET, salt: 'session-testkit.reference:id:session', keyDerivation: 'hmac' }).sign(planted)
    await request(app).post('/cart').set('Cookie', `session=${signed}`).send({ item: 'x' })
    return (await store?.get(planted)) != null
  },
  L5: async ({ app }) => setCookieFor(await request(app).post('/logout').set('Cookie', await login(app))) === undefined,
  L6: async ({ app }) => {
    const cookie = await login(app)
    await request(app).post('/logout').set('Cookie', cookie)
    return (await meStatus(app, cookie)) === 200
  },
  L7: async ({ app }) => {
    const cookie = await login(app)
    later(700_000)
    return (await meStatus(app, cookie)) === 200
  },
  L8: async ({ app }) => {
    let cookie = await login(app)
    for (const minute of [20, 40, 60]) {
      later(minute * 60_000)
      cookie = setCookieFor(await request(app).get('/me').set('Cookie', cookie))?.split(';')[0] ?? cookie
    }
    later(3_601_000)
    return (await meStatus(app, cookie)) === 200
  },
  L9: async ({ app }) => {
    const cookie = await login(app)
    later(3_601_000)
    return (await meStatus(app, cookie)) === 200
  },
  L10: async ({ app }) => {
    const laptop = await login(app)
    await request(app).post('/password').set('Cookie', await login(app))
    return (await meStatus(app, laptop)) === 200
  },
  L15: async ({ app }) => setCookies(await request(app).get('/anon')).length > 0,
  T1: async ({ app }) => {
    const value = cookieValue(await request(app).post('/login').send({ userId: 1 }))
    return (await meStatus(app, `session=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`)) === 200
  },
  T3: async ({ app }) => (await meStatus(app, `session=${Buffer.from('{"user_id":1}').toString('base64url')}`)) === 200,
  T5: async ({ app }) => {
    later(600_000)
    const future = await login(app)
    vi.setSystemTime(t0)
    return (await meStatus(app, future)) === 200
  },
  T6: async ({ app }) => {
    const [a, b] = [await login(app), await login(app)]
    let common = 0
    while (a[common] === b[common]) common++
    return common > 'session='.length + 30
  },
  T8: async ({ app }) => (await meStatus(app, `__HOST-sid=${(await login(app, '__Host-sid')).split('=')[1] ?? ''}`)) === 200,
  K1: async ({ app }) => (await meStatus(app, await cookieSignedWith(TEST_FALLBACK))) === 401,
  K2: async ({ app, format }) => (await format.read(new Map([['session', (await login(app)).slice('session='.length)]])))?.keyIndex !== 0,
  K3: async ({ app }) => setCookieFor(await request(app).get('/me').set('Cookie', await cookieSignedWith(TEST_FALLBACK))) === undefined,
  K4: async ({ app }) => (await meStatus(app, await cookieSignedWith(TEST_RETIRED))) === 200,
  K5: async ({ app }) => {
    const forged = createSigner({ secretKey: 'an-attacker-key-0123456789abcdef01234567' }).sign('x')
    const real = cookieValue(await request(app).post('/login').send({ userId: 1 }))
    return (await meStatus(app, `session=${real.slice(0, real.lastIndexOf('.'))}.${forged.split('.')[1] ?? ''}`)) === 200
  },
}

describe('brokenVariants', () => {
  freezeDateEachTest(t0)

  it('has a probe for every variant, keyed by its check ID', () => {
    expect(Object.keys(flawObserved).sort()).toEqual(Object.keys(brokenVariants).sort())
    for (const [id, variant] of Object.entries(brokenVariants)) expect(variant.id).toBe(id)
  })

  it.each(Object.values(brokenVariants).map((v) => [v.id, v.description, v] as const))('%s (%s): the flaw shows on the variant, not on its baseline', async (id, _description, variant) => {
    const probe = flawObserved[id as BrokenVariantId]
    expect(await probe(variant.createBaseline())).toBe(false)
    vi.setSystemTime(t0)
    expect(await probe(variant.createApp())).toBe(true)
  })
})

import { inflateSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestClient, readSession, readSessionDetails, sessionTransaction } from '../../src/client/index.js'
import { BadSignatureError, ConfigError, SessionExpiredError } from '../../src/errors.js'
import { flask, FlaskMarkup, flaskTuple, FlaskUUID, isFlaskTuple } from '../../src/formats/flask.js'
import { dumpsTaggedJson } from '../../src/formats/flask/tagged-json.js'
import { dumpPayload, signTimed } from '../../src/formats/flask/timed-serializer.js'
import { startFlask } from '../support/flask-server.js'
import type { FlaskServer } from '../support/flask-server.js'

const OLD = 'old secret key, retired soon'
const NEW = 'new secret key, signing now'
const LIFETIME = 3600
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const cookies = (value: string): Map<string, string> => new Map([['session', value]])

function sessionCookie(response: Response): string | undefined {
  const header = response.headers.getSetCookie().find((line) => line.startsWith('session='))
  return header?.slice('session='.length).split(';')[0]
}

/** The JSON text inside an itsdangerous payload (decompressed when marked with a leading '.'). */
function payloadJson(value: string): string {
  const payload = value.slice(0, value.lastIndexOf('.', value.lastIndexOf('.') - 1))
  const bytes = Buffer.from(payload.replace(/^\./, ''), 'base64url')
  return (payload.startsWith('.') ? inflateSync(bytes) : bytes).toString('utf8')
}

async function writeAt(format: ReturnType<typeof flask>, data: Record<string, unknown>, at: number): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(at)
  const [cookie] = await format.write(data, null)
  vi.useRealTimers()
  return cookie?.value ?? ''
}

describe('flask(options)', () => {
  // Flask 2.2 has no SECRET_KEY_FALLBACKS (3.1+): it passes SECRET_KEY to itsdangerous, which takes
  // a key list [oldest, ..., newest], signs with the newest and verifies with all of them.
  const current = flask({ secretKey: NEW, secretKeyFallbacks: [OLD], permanentSessionLifetime: LIFETIME })
  const signedWithOld = flask({ secretKey: OLD, permanentSessionLifetime: LIFETIME })
  const newOnly = flask({ secretKey: NEW, permanentSessionLifetime: LIFETIME })
  let app: FlaskServer
  let retired: FlaskServer

  const get = (server: FlaskServer, path: string, cookie?: string): Promise<Response> =>
    fetch(`${server.url}${path}`, cookie === undefined ? {} : { headers: { cookie: `session=${cookie}` } })
  const post = (server: FlaskServer, path: string, body: unknown, cookie?: string): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie === undefined ? {} : { cookie: `session=${cookie}` }) },
      body: JSON.stringify(body),
    })
  const whoami = async (server: FlaskServer, cookie: string): Promise<unknown> =>
    ((await (await get(server, '/whoami', cookie)).json()) as { user_id: unknown }).user_id

  beforeAll(async () => {
    ;[app, retired] = await Promise.all([
      startFlask({ secret_key: [OLD, NEW], lifetime: LIFETIME }),
      startFlask({ secret_key: NEW, lifetime: LIFETIME }),
    ])
  })
  afterAll(async () => {
    await Promise.all([app.close(), retired.close()])
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  describe('byte layout against Flask 2.2', () => {
    it('writes exactly the cookie Flask sets for the same data in the same second', async () => {
      const flaskValue = sessionCookie(await post(app, '/login', { user_id: 42 })) ?? ''
      const read = await current.read(cookies(flaskValue))
      expect(read?.data).toEqual({ _permanent: false, user_id: 42 })
      expect(await writeAt(current, { user_id: 42, _permanent: false }, read?.issuedAt?.getTime() ?? 0)).toBe(flaskValue)
    })

    it('writes exactly the compressed cookie Flask sets for tuples, bytes, UUID, datetime, Markup and tag-named keys', async () => {
      const flaskValue = sessionCookie(await post(app, '/set-typed', {})) ?? ''
      const read = await current.read(cookies(flaskValue))
      expect(flaskValue.startsWith('.')).toBe(true)
      expect(payloadJson(flaskValue)).toContain('"tagged_key":{" di":{" t__":[1,2]}}')
      expect(await writeAt(current, read?.data ?? {}, read?.issuedAt?.getTime() ?? 0)).toBe(flaskValue)
    })

    it('S4: writes the cookie Flask writes for any JSON session (sorted keys, ASCII-only, Python floats, zlib)', async () => {
      const key = fc.string({ unit: 'grapheme', maxLength: 6 })
      const data = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 })
      await fc.assert(
        fc.asyncProperty(data, async (session) => {
          const flaskValue = sessionCookie(await post(app, '/set', session)) ?? ''
          expect(dumpsTaggedJson(JSON.parse(JSON.stringify(session)))).toBe(payloadJson(flaskValue))
          const read = await current.read(cookies(flaskValue))
          expect(read?.data).toEqual(JSON.parse(JSON.stringify(session)))
          expect(await writeAt(current, read?.data ?? {}, read?.issuedAt?.getTime() ?? 0)).toBe(flaskValue)
        }),
        { numRuns: 60 },
      )
    })

    it('sets the attributes Flask sets: HttpOnly, Path=/, Expires only when permanent', async () => {
      const response = await post(app, '/login', { user_id: 1, permanent: true })
      const [header = ''] = response.headers.getSetCookie()
      const value = sessionCookie(response) ?? ''
      const read = await current.read(cookies(value))
      expect(read?.data).toEqual({ _permanent: true, user_id: 1 })
      const flaskExpires = new Date(/Expires=([^;]+)/.exec(header)?.[1] ?? '')
      expect(flaskExpires.getTime()).toBe((read?.issuedAt?.getTime() ?? 0) + LIFETIME * 1000)

      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(read?.issuedAt ?? 0)
      const [permanent] = await current.write({ user_id: 1, _permanent: true }, null)
      const [browserSession] = await current.write({ user_id: 1 }, null)
      expect(permanent).toEqual({ name: 'session', value, path: '/', httpOnly: true, expires: flaskExpires })
      expect(browserSession?.expires).toBeUndefined()
      expect(header).toMatch(/; HttpOnly; Path=\/$/)
    })

    it('deletes the cookie for an emptied session, as Flask does on session.clear()', async () => {
      const response = await post(app, '/logout', {}, await current.write({ user_id: 1 }, null).then(([c]) => c?.value))
      expect(response.headers.getSetCookie()).toEqual(['session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/'])
      expect(await current.write({}, null)).toEqual([{ name: 'session', value: '', path: '/', httpOnly: true, maxAge: 0, expires: new Date(0) }])
    })
  })

  describe('over HTTP against Flask 2.2', () => {
    it('(1) a session it writes is accepted by the app', async () => {
      const [cookie] = await current.write({ user_id: 42 }, null)
      expect(await whoami(app, cookie?.value ?? '')).toBe(42)
    })

    it('(2) reads the session the app set, with keyIndex 0, issuedAt and expiresAt', async () => {
      const before = Math.floor(Date.now() / 1000) * 1000
      const read = await current.read(cookies(sessionCookie(await post(app, '/login', { user_id: 42 })) ?? ''))
      expect(read).toMatchObject({ data: { user_id: 42 }, keyIndex: 0 })
      expect(read?.issuedAt?.getTime()).toBeGreaterThanOrEqual(before)
      expect(read?.issuedAt?.getTime()).toBeLessThanOrEqual(Date.now())
      expect((read?.expiresAt?.getTime() ?? 0) - (read?.issuedAt?.getTime() ?? 0)).toBe(LIFETIME * 1000)
    })

    it('works through createTestClient, sessionTransaction and readSession', async () => {
      await using client = createTestClient(app.url, { session: current })
      await sessionTransaction(client, (session) => {
        session['user_id'] = 42
      })
      expect((await client.get('/whoami').expect(200)).body).toEqual({ user_id: 42 })
      await client.post('/login').send({ user_id: 43 }).expect(200)
      expect(await readSession(client)).toEqual({ _permanent: false, user_id: 43 })
    })

    it('an emptied session deletes the cookie from the jar, as session.clear() does in Flask', async () => {
      await using client = createTestClient(app.url, { session: current })
      await sessionTransaction(client, (session) => {
        session['user_id'] = 42
      })
      await sessionTransaction(client, (session) => {
        delete session['user_id']
      })
      expect(await client.cookieHeader()).toBe('')
      expect(await readSession(client)).toBeNull()
      await client.get('/whoami').expect(200, { user_id: null })
    })

    it('A11: answers Vary: Cookie and sets no cookie when the session is only read', async () => {
      const [cookie] = await current.write({ user_id: 42 }, null)
      const response = await get(app, '/whoami', cookie?.value)
      expect(response.headers.get('vary')).toBe('Cookie')
      expect(response.headers.getSetCookie()).toEqual([])
    })

    it('refreshes a permanent session on every request (SESSION_REFRESH_EACH_REQUEST)', async () => {
      const [permanent] = await current.write({ user_id: 1, _permanent: true }, null)
      const response = await get(app, '/whoami', permanent?.value)
      const [header = ''] = response.headers.getSetCookie()
      expect(header).toMatch(/^session=[^;]+; Expires=[^;]+ GMT; HttpOnly; Path=\/$/)
      expect((await current.read(cookies(sessionCookie(response) ?? '')))?.data).toEqual({ user_id: 1, _permanent: true })
    })

    it('writes Python types Flask decodes: tuple, bytes, UUID, datetime, Markup, a tag-named key', async () => {
      const [cookie] = await current.write(
        {
          pair: flaskTuple('a', 1),
          raw: new Uint8Array([0, 255]),
          id: new FlaskUUID('12345678-1234-5678-1234-567812345678'),
          at: new Date(Date.UTC(2024, 1, 29, 12, 34, 56)),
          html: new FlaskMarkup('<b>hi</b>'),
          escaped: { ' t': [1] },
        },
        null,
      )
      const described = (await (await get(app, '/describe', cookie?.value)).json()) as Record<string, unknown>
      expect(described).toEqual({
        pair: { type: 'tuple', items: [{ type: 'str', value: 'a' }, { type: 'int', value: 1 }] },
        raw: { type: 'bytes', hex: '00ff' },
        id: { type: 'UUID', value: '12345678-1234-5678-1234-567812345678' },
        at: { type: 'datetime', value: '2024-02-29 12:34:56+00:00' },
        html: { type: 'Markup', value: '<b>hi</b>' },
        escaped: { type: 'dict', items: { ' t': { type: 'list', items: [{ type: 'int', value: 1 }] } } },
      })
    })

    it('reads the Python types Flask wrote as their JavaScript counterparts', async () => {
      const read = await current.read(cookies(sessionCookie(await post(app, '/set-typed', {})) ?? ''))
      const data = read?.data ?? {}
      expect(isFlaskTuple(data['tuple'])).toBe(true)
      expect(data).toMatchObject({
        tuple: ['a', 1],
        bytes: new Uint8Array([0, 255, 0x62, 0x69, 0x6e]),
        uuid: new FlaskUUID('12345678123456781234567812345678'),
        when: new Date('2024-02-29T12:34:56Z'),
        markup: new FlaskMarkup('<b>hi</b>'),
        tagged_key: { ' t': [1, 2] },
        number: 1.5,
        _flashes: [['message', 'Welcome']],
      })
      expect(isFlaskTuple((data['_flashes'] as unknown[])[0])).toBe(true)
    })
  })

  describe('key rotation (Flask 2.2: SECRET_KEY = [old, new])', () => {
    it('K1: a cookie signed with the fallback key is accepted, and K3: Flask re-signs it with the current key', async () => {
      const old = await signedWithOld.write({ user_id: 42 }, null).then(([c]) => c?.value ?? '')
      expect(await whoami(app, old)).toBe(42)
      expect((await current.read(cookies(old)))?.keyIndex).toBe(1)
      const resigned = sessionCookie(await post(app, '/touch', {}, old)) ?? ''
      expect(await current.read(cookies(resigned))).toMatchObject({ data: { user_id: 42, touched: 1 }, keyIndex: 0 })
    })

    it('K2: a cookie Flask issues verifies with the current key alone', async () => {
      const issued = sessionCookie(await post(app, '/login', { user_id: 7 })) ?? ''
      expect((await newOnly.read(cookies(issued)))?.keyIndex).toBe(0)
      await expect(signedWithOld.read(cookies(issued))).rejects.toThrow(BadSignatureError)
    })

    it('K4: once the old key is retired, its cookies are anonymous', async () => {
      const old = await signedWithOld.write({ user_id: 42 }, null).then(([c]) => c?.value ?? '')
      expect(await whoami(retired, old)).toBeNull()
      await expect(newOnly.read(cookies(old))).rejects.toThrow(/does not match any of 1 key/)
    })

    it('K5: a cookie signed with an unknown key is anonymous', async () => {
      const forged = await flask({ secretKey: 'attacker key' }).write({ user_id: 1 }, null).then(([c]) => c?.value ?? '')
      expect(await whoami(app, forged)).toBeNull()
      await expect(current.read(cookies(forged))).rejects.toThrow(BadSignatureError)
    })
  })

  describe('when the cookie is tampered', () => {
    it('T1: every single-character change, at every position, is rejected by read', async () => {
      const value = await current.write({ user_id: 42, name: 'Ada' }, null).then(([c]) => c?.value ?? '')
      const replacements = fc.array(fc.constantFrom(...`${BASE64URL}.=~ `), { minLength: value.length, maxLength: value.length })
      await fc.assert(
        fc.asyncProperty(replacements, async (chars) => {
          for (const [at, char] of chars.entries()) {
            if (value[at] === char) continue
            await expect(current.read(cookies(value.slice(0, at) + char + value.slice(at + 1)))).rejects.toThrow(BadSignatureError)
          }
        }),
        { numRuns: 5 },
      )
    })

    it('T1: over HTTP, a change at any position leaves the request anonymous', async () => {
      const value = await current.write({ user_id: 42 }, null).then(([c]) => c?.value ?? '')
      for (let at = 0; at < value.length; at++) {
        const index = BASE64URL.indexOf(value[at] ?? '')
        // Flip the high bit of the 6-bit digit so the decoded bytes change (see the next test).
        const char = index === -1 ? 'A' : BASE64URL[(index + 32) % 64]
        expect(await whoami(app, value.slice(0, at) + char + value.slice(at + 1))).toBeNull()
      }
    })

    it('T1: itsdangerous ignores the unused low bits of the last signature character; read is stricter', async () => {
      const value = await current.write({ user_id: 42 }, null).then(([c]) => c?.value ?? '')
      // A 20-byte HMAC-SHA1 takes 27 base64 digits: the last one carries 2 unused bits.
      const last = BASE64URL.indexOf(value.at(-1) ?? '')
      const alias = value.slice(0, -1) + BASE64URL[last ^ 1]
      expect(await whoami(app, alias)).toBe(42)
      await expect(current.read(cookies(alias))).rejects.toThrow(BadSignatureError)
    })

    it('T2: malformed values are rejected by read and anonymous in Flask', async () => {
      const valid = await current.write({ user_id: 42 }, null).then(([c]) => c?.value ?? '')
      const malformed = ['eyJ1c2VyX2lkIjo0Mn0', `${valid.slice(0, valid.lastIndexOf('.'))}.`, `${valid}.x`, 'a'.repeat(8192), '.!!!.AAAA.AAAA']
      for (const value of malformed) {
        await expect(current.read(cookies(value))).rejects.toThrow(BadSignatureError)
        expect(await whoami(app, value)).toBeNull()
      }
    })

    it('T4: a value signed with another salt is rejected by both', async () => {
      const other = await flask({ secretKey: NEW, salt: 'itsdangerous' }).write({ user_id: 42 }, null).then(([c]) => c?.value ?? '')
      expect(await whoami(app, other)).toBeNull()
      await expect(current.read(cookies(other))).rejects.toThrow(BadSignatureError)
    })
  })

  describe('T5: timestamps', () => {
    it('rejects a session signed longer ago than PERMANENT_SESSION_LIFETIME, with signedAt', async () => {
      const signedAt = (Math.floor(Date.now() / 1000) - LIFETIME - 5) * 1000
      const stale = await writeAt(current, { user_id: 42 }, signedAt)
      expect(await whoami(app, stale)).toBeNull()
      const error = await current.read(cookies(stale)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SessionExpiredError)
      expect((error as SessionExpiredError).signedAt.getTime()).toBe(signedAt)
    })

    it('readSession throws SessionExpiredError for a stale cookie in the jar', async () => {
      const stale = await writeAt(current, { user_id: 42 }, Date.now() - (LIFETIME + 60) * 1000)
      await using client = createTestClient(app.url, { session: current })
      await client.setCookie(`session=${stale}; Path=/; HttpOnly`)
      await expect(readSession(client)).rejects.toThrow(SessionExpiredError)
      await client.get('/whoami').expect(200, { user_id: null })
    })

    it('rejects a timestamp in the future, as itsdangerous does (age < 0)', async () => {
      const future = await writeAt(current, { user_id: 42 }, Date.now() + 120_000)
      expect(await whoami(app, future)).toBeNull()
      await expect(current.read(cookies(future))).rejects.toThrow(SessionExpiredError)
    })

    it('accepts a session signed within the lifetime', async () => {
      const recent = await writeAt(current, { user_id: 42 }, Date.now() - (LIFETIME - 60) * 1000)
      expect(await whoami(app, recent)).toBe(42)
      expect((await current.read(cookies(recent)))?.data).toEqual({ user_id: 42 })
    })
  })

  describe('S4/S2: awkward values', () => {
    const awkward = { note: 'a; b, "c" \\ d', unicode: 'é 日本 😀 \u007f' }

    it('round-trips values with ; , " \\ and non-ASCII both ways, in cookie-octets only', async () => {
      const [cookie] = await current.write(awkward, null)
      expect(cookie?.value).toMatch(COOKIE_OCTETS)
      const described = (await (await get(app, '/describe', cookie?.value)).json()) as Record<string, { value: unknown }>
      expect({ note: described['note']?.value, unicode: described['unicode']?.value }).toEqual(awkward)
      const set = sessionCookie(await post(app, '/set', awkward)) ?? ''
      expect((await current.read(cookies(set)))?.data).toEqual(awkward)
    })

    it('S2: a __proto__ key Flask stored stays plain data and pollutes nothing', async () => {
      const set = sessionCookie(await post(app, '/set', JSON.parse('{"__proto__":{"isAdmin":true},"user_id":1}'))) ?? ''
      const data = (await current.read(cookies(set)))?.data ?? {}
      expect(Object.hasOwn(data, '__proto__')).toBe(true)
      expect((data as { isAdmin?: unknown }).isAdmin).toBeUndefined()
      expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined()
    })
  })

  describe('S3: validly signed payloads that are not a session dict', () => {
    const signed = (json: string): string => signTimed(dumpPayload(json), NEW, 'cookie-session', Date.now())

    it('rejects arrays, strings and numbers, reads null as empty, and never crashes', async () => {
      for (const json of ['[1,2]', '"user_id"', '42', '[[1,2]]', '{"user_id":NaN}']) {
        await expect(current.read(cookies(signed(json)))).rejects.toThrow(BadSignatureError)
      }
      expect((await current.read(cookies(signed('null'))))?.data).toEqual({})
    })

    it('rejects 10,000-deep nesting without a stack overflow, where Flask 2.2 answers 500', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`
      await expect(current.read(cookies(signed(deep)))).rejects.toThrow(/nested deeper than 500 levels/)
      await expect(current.write(JSON.parse(deep) as Record<string, unknown>, null)).rejects.toThrow(/nested deeper/)
      // Observed: json.loads hits Python's recursion limit; only a holder of SECRET_KEY can send this.
      expect((await get(app, '/whoami', signed(deep))).status).toBe(500)
    })
  })

  describe('when configured', () => {
    it('names the key set without secrets and refuses an empty key', async () => {
      expect(current.keysDescription).toBe('1 secret key + 1 fallback')
      expect(current.keysDescription).not.toContain(NEW)
      expect(() => flask({ secretKey: '' })).toThrow(ConfigError)
      const custom = flask({ secretKey: NEW, cookieName: 'sid', cookie: { secure: true, sameSite: 'Lax' } })
      expect(await custom.write({ a: 1 }, null)).toEqual([expect.objectContaining({ name: 'sid', secure: true, sameSite: 'Lax', httpOnly: true })])
      await using client = createTestClient(app.url, { session: custom })
      expect(await readSessionDetails(client)).toBeNull()
    })
  })
})

import { describe, expect, it } from 'vitest'
import { SessionKitError } from '../../src/errors.js'
import { decodeTaggedJson, encodeTaggedJson } from '../../src/signing/tagged-json.js'
import { python } from './python.js'

const roundTrip = (value: unknown): unknown => decodeTaggedJson(encodeTaggedJson(value))

describe('encodeTaggedJson(value) / decodeTaggedJson(text)', () => {
  it('round-trips plain JSON, Date (to the second) and Uint8Array', () => {
    const value = { n: 1, s: 'a;b, "c" \\ é 😀', list: [true, null, 2.5], at: new Date('2026-01-02T03:04:05Z'), raw: new Uint8Array([0, 1, 255]) }
    expect(roundTrip(value)).toEqual(value)
  })

  it('escapes a one-key object whose key is a tag with " di"', () => {
    expect(encodeTaggedJson({ ' d': 'not a date' })).toBe('{" di":{" d__":"not a date"}}')
    expect(roundTrip({ ' d': 'not a date' })).toEqual({ ' d': 'not a date' })
  })

  it('decodes Flask-only tags: tuple as array, UUID as string, Markup as string', () => {
    expect(decodeTaggedJson('{"t":{" t":[1,2]},"u":{" u":"12345678123456781234567812345678"},"m":{" m":"<b>"}}')).toEqual({
      t: [1, 2],
      u: '12345678-1234-5678-1234-567812345678',
      m: '<b>',
    })
  })

  it.each([
    ['a function', { f: () => 1 }],
    ['a Map', { m: new Map() }],
    ['a BigInt', { b: 1n }],
    ['NaN', { n: Number.NaN }],
    ['an invalid Date', { d: new Date(Number.NaN) }],
  ])('S1: refuses to serialize %s', (_name, value) => {
    expect(() => encodeTaggedJson(value)).toThrow(SessionKitError)
  })

  describe('when the payload tries prototype pollution', () => {
    it('S2: drops __proto__ keys instead of setting a prototype', () => {
      const data = decodeTaggedJson('{"__proto__":{"isAdmin":true},"x":{"__proto__":{"isAdmin":true}}}') as Record<string, Record<string, unknown>>
      expect(Object.keys(data)).toEqual(['x'])
      expect(data.isAdmin).toBeUndefined()
      expect(data.x?.isAdmin).toBeUndefined()
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    })

    it('S2: drops constructor.prototype and an escaped " di" __proto__', () => {
      const data = decodeTaggedJson('{"constructor":{"prototype":{"isAdmin":true}},"y":{" di":{"__proto____":{"isAdmin":true}}}}') as Record<string, unknown>
      expect(data).toEqual({ y: {} })
      expect(Object.getPrototypeOf(data.y)).toBe(Object.prototype)
    })

    it('S2: never writes a __proto__ key', () => {
      expect(encodeTaggedJson(JSON.parse('{"__proto__":{"isAdmin":true},"a":1}'))).toBe('{"a":1}')
    })
  })

  it.each([
    ['invalid JSON', '{'],
    ['a bad date tag', '{" d":"yesterday"}'],
    ['a bad bytes tag', '{" b":"***"}'],
    ['10,000-deep nesting', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
  ])('S3: rejects %s with SessionKitError, not a crash', (_name, text) => {
    expect(() => decodeTaggedJson(text)).toThrow(SessionKitError)
  })

  describe('when the text or value takes the plain-JSON fast path', () => {
    it('S2: still drops __proto__ spelled with a \\u escape, and decodes an escaped tag key', () => {
      const data = decodeTaggedJson('{"\\u005f_proto__":{"isAdmin":true},"at":{"\\u0020d":"Thu, 01 Jan 1970 00:00:00 GMT"}}') as Record<string, unknown>
      expect(Object.keys(data)).toEqual(['at'])
      expect(data.at).toEqual(new Date(0))
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    })

    it('S3: still rejects short text nested deeper than maxDepth', () => {
      expect(() => decodeTaggedJson('{"a":{"b":{"c":[1]}}}', { maxDepth: 2 })).toThrow(SessionKitError)
      expect(decodeTaggedJson('{"a":{"b":[1]}}', { maxDepth: 2 })).toEqual({ a: { b: [1] } })
    })

    it('writes the same bytes as JSON.stringify for plain data, and tags what is not plain', () => {
      const plain = { user_id: 1, name: 'Zoë "x"', list: [1, null, { a: [] }], nested: { n: -0, f: 0.1 } }
      expect(encodeTaggedJson(plain)).toBe(JSON.stringify(plain))
      expect(encodeTaggedJson({ a: [undefined, 1], b: undefined })).toBe('{"a":[null,1]}')
      expect(encodeTaggedJson({ a: { at: new Date(0) } })).toBe('{"a":{"at":{" d":"Thu, 01 Jan 1970 00:00:00 GMT"}}}')
      expect(encodeTaggedJson({ list: Object.assign([1], { toJSON: () => 'x' }) })).toBe('{"list":[1]}')
      const deep = JSON.parse(`${'['.repeat(202)}${']'.repeat(202)}`) as unknown
      expect(() => encodeTaggedJson(deep)).toThrow(/deeper than 200/)
    })
  })

  it("writes Flask's bytes with sortKeys and asciiOnly, and reads Flask's output", () => {
    const value = { user_id: 42, b: 'é\u007f', a: [new Date('2026-01-02T03:04:05Z'), new Uint8Array([1, 2])], ' t': 'x' }
    const code = `import sys, datetime
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
with Flask(__name__).app_context():
    s = TaggedJSONSerializer()
    v = s.loads(sys.stdin.read())
    print(s.dumps(v))`
    const ours = encodeTaggedJson(value, { sortKeys: true, asciiOnly: true })
    const theirs = python(code, ours)
    expect(ours).toBe(theirs)
    expect(decodeTaggedJson(theirs)).toEqual(value)
  })
})

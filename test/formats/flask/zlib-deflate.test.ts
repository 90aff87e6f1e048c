import { spawnSync } from 'node:child_process'
import { deflateSync, inflateSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deflateLikeZlib } from '../../../src/formats/flask/zlib-deflate.js'
import { SYSTEM_PYTHON } from '../../support/flask-server.js'

describe('deflateLikeZlib(input)', () => {
  /** Python's zlib.compress over a batch of inputs, hex in and out (one process). */
  function pythonCompress(inputs: Uint8Array[]): string[] {
    const script = 'import sys, json, zlib\nprint(json.dumps([zlib.compress(bytes.fromhex(h)).hex() for h in json.load(sys.stdin)]))'
    const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { input: JSON.stringify(inputs.map((b) => Buffer.from(b).toString('hex'))), encoding: 'utf8' })
    return JSON.parse(result.stdout) as string[]
  }

  it('compresses byte for byte as the zlib 1.2.13 Python links, where node:zlib does not', () => {
    const text = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.string({ unit: fc.constantFrom(...'ab{}":,0123456789'), maxLength: 3000 }),
      fc.uint8Array({ maxLength: 600 }),
      fc.tuple(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 200 })).map(([chunk, times]) => chunk.repeat(times)),
    )
    const inputs = fc
      .sample(text, { numRuns: 300, seed: 42 })
      .map((value) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value))
      .concat([new Uint8Array(0), Buffer.from('{"user_id":42}'), Buffer.alloc(15_000, 'ab')])
    const expected = pythonCompress(inputs)
    const mismatches = inputs.filter((input, i) => deflateLikeZlib(input).toString('hex') !== expected[i])
    expect(expected).toHaveLength(inputs.length)
    expect(mismatches).toEqual([])
    // The reason this port exists: Node's bundled zlib (Chromium's fork) deflates differently.
    expect(inputs.filter((input, i) => deflateSync(input).toString('hex') !== expected[i]).length).toBeGreaterThan(0)
  })

  it('inflates back to the input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (input) => {
      expect(inflateSync(deflateLikeZlib(input)).equals(Buffer.from(input))).toBe(true)
    }))
  })
})

import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.js'
import { assertJsonSerializer, taggedJson } from '../../src/signing/serializer.js'

describe('assertJsonSerializer(serializer)', () => {
  it('accepts the default tagged-JSON serializer and plain JSON', () => {
    expect(() => assertJsonSerializer(taggedJson)).not.toThrow()
    expect(() => assertJsonSerializer({ name: 'json', stringify: (v) => JSON.stringify(v), parse: (t) => JSON.parse(t) as unknown })).not.toThrow()
  })

  it('S1: refuses a serializer that does not write JSON, saying how to fix it', () => {
    const yamlish = {
      name: 'yaml-like',
      stringify: (v: unknown) => `!!js/object ${JSON.stringify(v)}`,
      parse: (t: string) => JSON.parse(t.slice(12)) as unknown,
    }
    expect(() => assertJsonSerializer(yamlish)).toThrow(ConfigError)
    expect(() => assertJsonSerializer(yamlish)).toThrow(/session-testkit: serializer "yaml-like" does not write JSON\. Use the default/)
  })

  it('S1: refuses a serializer that cannot read its own output', () => {
    const broken = { name: 'broken', stringify: () => '{}', parse: () => ({}) }
    expect(() => assertJsonSerializer(broken)).toThrow(ConfigError)
  })
})

import { describe, expect, it } from 'vitest'

describe("import 'session-testkit/reference'", () => {
  it('exports the reference API and nothing internal (no unsafe test hooks)', async () => {
    const entry = await import('session-testkit/reference')
    expect(Object.keys(entry).sort()).toEqual(['Session', 'createSessionMiddleware', 'getSession', 'login', 'logout', 'stores'])
    expect(Object.keys(entry.stores).sort()).toEqual(['cookie', 'filesystem', 'memory', 'redis'])
  })
})

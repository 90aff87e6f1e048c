import { describe, expect, it } from 'vitest'

// The public surface of every entry point (h3 snapshots its export list the same way): an export
// added or removed by accident shows up here.
describe('package entry points', () => {
  it.each([
    ['session-testkit', () => import('../src/index.js')],
    ['session-testkit/vitest', () => import('../src/vitest/index.js')],
    ['session-testkit/reference', () => import('../src/reference/index.js')],
    ['session-testkit/redis', () => import('../src/redis/index.js')],
  ] as const)('%s exports', async (_, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot()
  })

  it('session-testkit exports the formats namespace', async () => {
    const { formats } = await import('../src/index.js')
    expect(Object.keys(formats).filter((key) => typeof (formats as Record<string, unknown>)[key] === 'function')).toEqual(
      expect.arrayContaining(['cookieSession', 'expressSession', 'flask', 'ironSession', 'reference']),
    )
  })
})

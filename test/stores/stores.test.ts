import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { StoreError } from '../../src/errors.js'
import { filesystemStore } from '../../src/stores/filesystem.js'
import { memoryStore } from '../../src/stores/memory.js'
import type { SessionStore, StoredSession } from '../../src/stores/types.js'
import { freezeDateEachTest } from '../support/freeze-date.js'

const root = mkdtempSync(join(tmpdir(), 'session-testkit-stores-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const t0 = new Date('2026-03-01T12:00:00Z')
const entry = (data: Record<string, unknown> = { user_id: 1 }): StoredSession => ({
  data,
  meta: { createdAt: t0.getTime(), lastSeenAt: t0.getTime(), permanent: false },
})

describe.each([
  ['memoryStore()', (): SessionStore => memoryStore()],
  ['filesystemStore(dir)', (): SessionStore => filesystemStore(join(root, String(Math.random()).slice(2)))],
])('%s', (_name, makeStore) => {
  freezeDateEachTest(t0)

  it('round-trips an entry, including Date and bytes, and returns null for unknown ids', async () => {
    const store = makeStore()
    const session = entry({ user_id: 1, at: new Date('2026-01-01T00:00:00Z'), raw: new Uint8Array([1, 2]) })
    await store.set('id-1', session, 60)
    expect(await store.get('id-1')).toEqual(session)
    expect(await store.get('id-2')).toBeNull()
  })

  it('returns a copy: mutating what get() returned does not change the store', async () => {
    const store = makeStore()
    await store.set('id', entry(), 60)
    const first = await store.get('id')
    if (first) first.data.user_id = 2
    expect((await store.get('id'))?.data.user_id).toBe(1)
  })

  it('expires entries after ttlSeconds by the clock', async () => {
    const store = makeStore()
    await store.set('id', entry(), 60)
    vi.setSystemTime(t0.getTime() + 59_000)
    expect(await store.get('id')).not.toBeNull()
    vi.setSystemTime(t0.getTime() + 60_000)
    expect(await store.get('id')).toBeNull()
  })

  it('touch extends the lifetime and destroy removes the entry', async () => {
    const store = makeStore()
    await store.set('id', entry(), 60)
    vi.setSystemTime(t0.getTime() + 50_000)
    await store.touch?.('id', entry(), 60)
    vi.setSystemTime(t0.getTime() + 100_000)
    expect(await store.get('id')).not.toBeNull()
    await store.destroy('id')
    expect(await store.get('id')).toBeNull()
    await expect(store.destroy('never-existed')).resolves.toBeUndefined()
  })
})

describe('memoryStore().update(id, session, ttl)', () => {
  freezeDateEachTest(t0)

  it('L14: rewrites a live entry but never recreates a destroyed one', async () => {
    const store = memoryStore()
    await store.set('id', entry({ views: 0 }), 60)
    await store.update?.('id', entry({ views: 1 }), 60)
    expect((await store.get('id'))?.data).toEqual({ views: 1 })
    await store.destroy('id')
    await store.update?.('id', entry({ views: 2 }), 60)
    expect(await store.get('id')).toBeNull()
  })
})

describe('filesystemStore(dir)', () => {
  it('names files by a hash of the id, so an id cannot choose a path', async () => {
    const dir = join(root, 'hashed')
    const store = filesystemStore(dir)
    await store.set('../../escape', entry(), 60)
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/) as unknown])
    expect(await store.get('../../escape')).toEqual(entry())
  })

  it('raises StoreError for a corrupt file (fail closed)', async () => {
    const dir = join(root, 'corrupt')
    const store = filesystemStore(dir)
    await store.set('id', entry(), 60)
    const [file] = readdirSync(dir)
    writeFileSync(join(dir, file ?? ''), '{not json')
    await expect(store.get('id')).rejects.toThrow(StoreError)
  })
})

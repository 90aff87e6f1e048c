// The README "Users" section is copied from this file.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createUserFactory, hashPassword, repositories, seedUsers, verifyPassword } from 'session-testkit'
import { describe, expect, it } from 'vitest'

describe('users for tests', () => {
  it('builds the same users for the same seed, with known passwords', async () => {
    const users = await createUserFactory({ seed: 42, password: 'correct horse' })
    const [ada, bob] = users.buildList(2)
    const admin = users.with('admin').build()

    expect(ada?.password).toBe('correct horse')
    expect(admin.role).toBe('admin')
    expect((await createUserFactory({ seed: 42, password: 'correct horse' })).buildList(2)).toEqual([ada, bob])
    expect(await verifyPassword('correct horse', ada?.passwordHash ?? '')).toBe(true)
  })

  it('hashes with scrypt into a self-describing string', async () => {
    const hash = await hashPassword('hunter2', { cost: 'test' }) // N=1024 for tests; the default is N=16384
    expect(hash).toMatch(/^scrypt\$N=1024,r=8,p=1\$/)
    expect(await verifyPassword('hunter2', hash)).toBe(true)
    expect(await verifyPassword('hunter3', hash)).toBe(false)
  })

  it('seeds a SQLite database and finds the users again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stk-users-'))
    const repo = repositories.sqlite(join(dir, 'dev.db')) // or repositories.postgres(url), repositories.memory()
    const seeded = await seedUsers(repo, { count: 100, seed: 42, admins: 1, password: 'correct horse' })

    expect(await repo.count()).toBe(100)
    const found = await repo.findByEmail(seeded[0]?.email ?? '')
    expect(found?.role).toBe('admin')
    expect(await verifyPassword('correct horse', found?.passwordHash ?? '')).toBe(true)

    await repo.removeSeeded() // deletes only the rows the kit seeded
    await repo.close()
    await rm(dir, { recursive: true, force: true })
  })
})

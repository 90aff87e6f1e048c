import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.js'
import { runCli } from '../../src/cli/run.js'
import { loadCredentials } from '../../src/fixtures/credentials-file.js'
import { verifyPassword } from '../../src/fixtures/password-hash.js'
import { repositories } from '../../src/fixtures/repositories.js'
import { PG_URL, pgSchema, tempDir } from '../fixtures/helpers.js'

const dir = tempDir()
afterAll(() => dir.remove())

function capture(options: { cwd?: string; tty?: boolean; env?: Record<string, string> } = {}): CliIo & { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  let clock = 0
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: options.tty ?? false },
    cwd: options.cwd ?? dir.path,
    env: options.env ?? {},
    now: () => (clock += 50),
    out: () => out,
    err: () => err,
  }
}

describe('runCli(argv, io)', () => {
  it('prints the command list for --help and the version for --version', async () => {
    const help = capture()
    expect(await runCli(['--help'], help)).toBe(0)
    expect(help.out()).toMatch(/Usage: session-testkit <command>/)
    expect(help.out()).toMatch(/^ {2}seed {2}/m)
    const version = capture()
    expect(await runCli(['--version'], version)).toBe(0)
    expect(version.out().trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })

  it('exits 2 with usage on stderr when no command or an unknown one is given', async () => {
    const none = capture()
    expect(await runCli([], none)).toBe(2)
    expect(none.err()).toMatch(/Usage:/)
    const unknown = capture()
    expect(await runCli(['frobnicate'], unknown)).toBe(2)
    expect(unknown.err()).toBe("session-testkit: unknown command 'frobnicate'. Run `session-testkit --help` for the list (seed, decode, forge, audit).\n")
  })
})

describe('session-testkit seed', () => {
  it('documents every flag in --help', async () => {
    const io = capture()
    expect(await runCli(['seed', '--help'], io)).toBe(0)
    for (const flag of ['--db', '--count', '--seed', '--password', '--admins', '--out', '--reset', '--locale', '--batch-size', '--unique-salts', '--help']) {
      expect(io.out()).toContain(flag)
    }
  })

  describe('on a fresh directory with no --db', () => {
    const cwd = join(dir.path, 'fresh')

    it('seeds the embedded SQLite default and writes the credentials file', async () => {
      const io = capture({ cwd })
      expect(await runCli(['seed', '--count', '12', '--seed', '7', '--password', 'pw-cli'], io)).toBe(0)
      expect(io.out()).toMatch(/^session-testkit: seeded 12 users \(1 admin, seed 7\) in \d+\.\d\d s \([\d,]+ users\/s\) into sqlite:\.session-testkit\/dev\.db; credentials in \.session-testkit\/users\.json\n$/)
      expect(io.err()).toBe('')
      const credentials = await loadCredentials(join(cwd, '.session-testkit', 'users.json'))
      expect(credentials.users).toHaveLength(12)
      expect(credentials.users[0]?.role).toBe('admin')
      const repo = repositories.sqlite(join(cwd, '.session-testkit', 'dev.db'))
      const stored = await repo.findByEmail(credentials.users[5]?.email ?? '')
      await repo.close()
      expect(await verifyPassword('pw-cli', stored?.passwordHash ?? '')).toBe(true)
    })

    it('exits 1 on a second run (conflict) and leaves the database as it was', async () => {
      const io = capture({ cwd })
      expect(await runCli(['seed', '--count', '12', '--seed', '7'], io)).toBe(1)
      expect(io.err()).toMatch(/^session-testkit: 12 user\(s\) to seed already exist in sqlite:.*nothing was written\. Use another --seed, or --reset/)
      expect(io.out()).toBe('')
    })

    it('replaces its own users with --reset', async () => {
      const io = capture({ cwd })
      expect(await runCli(['seed', '--count', '3', '--seed', '7', '--reset', '--out', 'creds/u.json'], io)).toBe(0)
      expect(io.out()).toMatch(/removed 12 previously seeded, seeded 3 users/)
      expect((await loadCredentials(join(cwd, 'creds', 'u.json'))).users).toHaveLength(3)
    })
  })

  it('draws a progress bar on a TTY and none otherwise', async () => {
    const tty = capture({ tty: true, cwd: join(dir.path, 'tty') })
    expect(await runCli(['seed', '--count', '2500', '--batch-size', '500'], tty)).toBe(0)
    expect(tty.err()).toMatch(/\rseeding \[#+-*\] +\d+% [\d,]+\/2,500/)
    expect(tty.err()).toContain('100% 2,500/2,500')
    const pipe = capture({ cwd: join(dir.path, 'pipe') })
    expect(await runCli(['seed', '--count', '2500'], pipe)).toBe(0)
    expect(pipe.err()).toBe('')
  })

  it('takes the password from SESSION_TESTKIT_PASSWORD when --password is absent', async () => {
    const cwd = join(dir.path, 'env')
    expect(await runCli(['seed', '--count', '1', '--admins', '0'], capture({ cwd, env: { SESSION_TESTKIT_PASSWORD: 'from-env' } }))).toBe(0)
    expect((await loadCredentials(join(cwd, '.session-testkit', 'users.json'))).users[0]?.password).toBe('from-env')
  })

  it.each([
    [['--db', 'mysql://root:pw@db/app'], /unsupported database URL "mysql:\/\/root:\*\*\*@db\/app"/],
    [['--count', 'ten'], /--count "ten" is not an integer >= 0/],
    [['--bogus'], /Unknown option '--bogus'\. Run `session-testkit seed --help`/],
    [['--count', '1', '--admins', '2'], /admins \(2\) exceeds count \(1\)/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('exits 2 on wrong usage %j', async (args, message) => {
    const io = capture({ cwd: join(dir.path, 'usage') })
    expect(await runCli(['seed', ...args], io)).toBe(2)
    expect(io.err()).toMatch(message)
    expect(existsSync(join(dir.path, 'usage', '.session-testkit', 'users.json'))).toBe(false)
  })

  it('exits 1 naming the redacted URL when PostgreSQL is unreachable', async () => {
    const io = capture()
    expect(await runCli(['seed', '--db', 'postgres://postgres:hunter2@127.0.0.1:1/test'], io)).toBe(1)
    expect(io.err()).toMatch(/^session-testkit: cannot use PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test \(ECONNREFUSED/)
    expect(io.err()).not.toContain('hunter2')
  })

  describe('with --db postgres://', () => {
    const schema = pgSchema('cli')
    afterAll(() => schema.drop())

    it('seeds into PostgreSQL (schema from the URL options)', async () => {
      const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema.name}`)}`
      const io = capture({ cwd: join(dir.path, 'pg') })
      const repo = repositories.postgres(PG_URL, { schema: schema.name })
      await repo.count() // creates the schema the URL's search_path points at
      expect(await runCli(['seed', '--db', url, '--count', '20'], io)).toBe(0)
      expect(io.out()).toMatch(/seeded 20 users .* into postgres:\/\/postgres@127\.0\.0\.1:5432\/test/)
      expect(await repo.count()).toBe(20)
      await repo.close()
    })
  })
})

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundle } from '../fixtures/bundle.js'
import { tempDir } from '../fixtures/helpers.js'

const run = promisify(execFile)
const dir = tempDir()

/** Runs the bin entry as a separate process (bundled from src/cli/main.ts, like `npm run build` does). */
describe('src/cli/main.ts as a process', () => {
  let built: Awaited<ReturnType<typeof bundle>>
  beforeAll(async () => {
    built = await bundle('src/cli/main.ts')
  })
  afterAll(() => {
    built.remove()
    dir.remove()
  })

  const cli = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { SESSION_TESTKIT_PASSWORD: _ignored, ...env } = process.env
      const { stdout, stderr } = await run(process.execPath, [built.file, ...args], { cwd: dir.path, env })
      return { code: 0, stdout, stderr }
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string }
      return { code: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }

  it('starts with a node shebang and prints the version', async () => {
    expect(readFileSync(join(process.cwd(), 'src/cli/main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n` })
  })

  it('seeds the default SQLite database and sets the exit code', async () => {
    const first = await cli(['seed', '--count', '5', '--password', 'pw-e2e'])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/seeded 5 users .* into sqlite:\.session-testkit\/dev\.db; credentials in \.session-testkit\/users\.json/)
    const users = JSON.parse(readFileSync(join(dir.path, '.session-testkit', 'users.json'), 'utf8')).users as { password: string }[]
    expect(users.map((u) => u.password)).toEqual(Array(5).fill('pw-e2e'))
    const again = await cli(['seed', '--count', '5'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already exist/)
  })

  it('exits 2 with a clear message on a bad --db URL', async () => {
    const result = await cli(['seed', '--db', 'ftp://x'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^session-testkit: unsupported database URL "ftp:\/\/x"\. Use sqlite:<path>/)
  })
})

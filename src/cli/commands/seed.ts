import { isAbsolute, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError } from '../../errors.js'
import { writeCredentials } from '../../fixtures/credentials-file.js'
import { DEFAULT_DATABASE_URL } from '../../fixtures/database-url.js'
import { repositories } from '../../fixtures/repositories.js'
import { seedUsers } from '../../fixtures/seed-users.js'
import { DEFAULT_TEST_PASSWORD } from '../../fixtures/user-factory.js'
import { EXIT } from '../io.js'
import type { CliCommand, CliIo } from '../io.js'
import { createProgress } from '../progress.js'

const DEFAULT_OUT = '.session-testkit/users.json'

const HELP = `Usage: session-testkit seed [options]

Seeds deterministic test users (same --seed, same users) into a database and writes their
credentials (with the plaintext test passwords) to a JSON file tests can load.

Options:
  --db <url>          sqlite:<path> or postgres://user[:password]@host[:port]/database
                      (default ${DEFAULT_DATABASE_URL}, an embedded SQLite file)
  --count <n>         how many users (default 100)
  --seed <n>          integer seed; the same seed gives the same users everywhere (default 42)
  --password <pw>     password of every seeded user (default: $SESSION_TESTKIT_PASSWORD,
                      else '${DEFAULT_TEST_PASSWORD}')
  --admins <n>        how many of the users get the admin role (default 1)
  --out <file>        credentials file (default ${DEFAULT_OUT})
  --reset             first delete the users the kit seeded before into this database
                      (never rows it did not create)
  --locale <code>     faker locale for names, e.g. en, de, pt_BR (default en)
  --batch-size <n>    users per insert transaction (default 5000)
  --unique-salts      hash every user's password with its own salt (one scrypt per user: slow)
  -h, --help          show this help

Nothing already in the database is overwritten: if a user to seed already exists the command
stops before writing anything (exit 1). Exit codes: 0 seeded, 1 database unreachable or conflict,
2 wrong usage (unknown option, bad value, bad --db URL).

Examples:
  session-testkit seed
  session-testkit seed --count 10000 --seed 7 --password hunter2-test
  session-testkit seed --db postgres://postgres@127.0.0.1:5432/test --reset
`

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new ConfigError(`session-testkit: --${name} ${JSON.stringify(value)} is not an integer >= ${min}. Pass e.g. --${name} ${Math.max(min, 1)}.`)
  }
  return Number(value)
}

const shown = (path: string, cwd: string): string => {
  const rel = relative(cwd, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      db: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      password: { type: 'string' },
      admins: { type: 'string' },
      out: { type: 'string' },
      reset: { type: 'boolean', default: false },
      locale: { type: 'string' },
      'batch-size': { type: 'string' },
      'unique-salts': { type: 'boolean', default: false },
    },
  })
  const count = integer('count', values.count, 100, 0)
  const seed = integer('seed', values.seed, 42, Number.MIN_SAFE_INTEGER)
  const admins = Math.min(integer('admins', values.admins, 1, 0), values.admins === undefined ? count : Infinity)
  const batchSize = integer('batch-size', values['batch-size'], 5000, 1)
  const password = values.password ?? io.env.SESSION_TESTKIT_PASSWORD ?? DEFAULT_TEST_PASSWORD
  if (password === '') throw new ConfigError('session-testkit: --password is empty. Pass a non-empty test password.')
  const out = resolve(io.cwd, values.out ?? DEFAULT_OUT)
  const repo = repositories.fromUrl(values.db ?? DEFAULT_DATABASE_URL, { cwd: io.cwd })
  const where = repo.kind === 'sqlite' ? `sqlite:${shown(repo.location.slice('sqlite:'.length), io.cwd)}` : repo.location
  const now = io.now ?? (() => performance.now())
  const progress = createProgress(io, 'seeding', 2000)
  try {
    const started = now()
    const removed = values.reset ? await repo.removeSeeded() : 0
    const users = await seedUsers(repo, {
      count,
      seed,
      password,
      admins,
      batchSize,
      uniqueSalts: values['unique-salts'],
      ...(values.locale === undefined ? {} : { locale: values.locale }),
      onProgress: (done, total) => progress.update(done, total),
    })
    const seconds = Math.max(now() - started, 0.001) / 1000
    progress.finish()
    await writeCredentials(out, { seed, database: where, users })
    const rate = Math.round(count / seconds).toLocaleString('en-US')
    const reset = values.reset ? `removed ${removed.toLocaleString('en-US')} previously seeded, ` : ''
    io.stdout.write(
      `session-testkit: ${reset}seeded ${count.toLocaleString('en-US')} users (${admins} admin${admins === 1 ? '' : 's'}, seed ${seed}) in ${seconds.toFixed(2)} s (${rate} users/s) into ${where}; credentials in ${shown(out, io.cwd)}\n`,
    )
    return EXIT.ok
  } finally {
    progress.finish()
    await repo.close()
  }
}

/** `session-testkit seed`: seeds deterministic users and writes the credentials file. */
export const seedCommand: CliCommand = {
  name: 'seed',
  summary: 'seed deterministic test users into SQLite (default) or PostgreSQL and write their credentials',
  help: HELP,
  run,
}

// Benchmark 4: seeding 100,000 users with seedUsers into SQLite (better-sqlite3) and PostgreSQL
// (pg), users/s. Baselines, interleaved with the kit: the same rows inserted raw (one prepared
// INSERT per row in one transaction for SQLite; multi-row INSERTs in one transaction for
// PostgreSQL), and "hash every user's password" with scrypt N=16384, extrapolated from a sample.
import { randomBytes, scrypt as scryptCb } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { warmScrypt } from '../lib/apps.js'
import { interleave } from '../lib/interleave.js'
import { loadCore, need } from '../lib/kit.js'
import { fmt, fmtRatio, fmtSummary, summarize } from '../lib/stats.js'

const scrypt = promisify(scryptCb)
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test'
const COLUMNS = ['id', 'email', 'name', 'password_hash', 'role', 'locale', 'session_version', 'created_at']
const rowOf = (u) => [u.id, u.email, u.name, u.passwordHash, u.role, u.locale, u.sessionVersion, u.createdAt]

async function time(fn) {
  const t0 = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

/** ms per unique scrypt N=16384 hash (r=8, p=1, 64-byte key, fresh salt each). */
async function hashSample(n) {
  const ms = []
  for (let i = 0; i < n; i++) ms.push(await time(() => scrypt(`password-${i}`, randomBytes(16), 64, { N: 16384, r: 8, p: 1, maxmem: 64 * 2 ** 20 })))
  return summarize(ms)
}

export default {
  name: 'seeding',
  title: '4. Seeding 100,000 users (seedUsers) into SQLite and PostgreSQL',
  async run({ quick, log }) {
    const core = await loadCore()
    need(core, ['seedUsers', 'repositories', 'toStoredUser'], 'session-testkit')
    const count = 100_000
    const rounds = quick ? 1 : 3
    const seedOptions = { count, seed: 7, password: 'bench-password', hashCost: 'default' }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'stk-bench-seed-'))
    const rows = []
    const notes = []
    let fileNo = 0
    let storedRows
    try {
      // --- SQLite ------------------------------------------------------------------------------
      const { default: Database } = await import('better-sqlite3')
      const kitSqlite = async () => {
        const file = path.join(dir, `kit-${fileNo++}.db`)
        const repo = core.repositories.sqlite(file)
        let users
        const ms = await time(async () => {
          users = await core.seedUsers(repo, seedOptions)
        })
        if ((await repo.count()) !== count) throw new Error('seedUsers(sqlite): wrong row count')
        await repo.close()
        storedRows ??= users.map((u) => rowOf(core.toStoredUser(u)))
        await rm(file, { force: true })
        return (count / ms) * 1000
      }
      const rawSqlite = async () => {
        storedRows ??= (await core.seedUsers(core.repositories.memory(), seedOptions)).map((u) => rowOf(core.toStoredUser(u)))
        const file = path.join(dir, `raw-${fileNo++}.db`)
        const db = new Database(file)
        db.pragma('journal_mode = WAL')
        db.exec(`CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL, locale TEXT NOT NULL, session_version INTEGER NOT NULL, created_at TEXT NOT NULL)`)
        const insert = db.prepare(`INSERT INTO users (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`)
        const ms = await time(() =>
          db.transaction((all) => {
            for (const r of all) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7].toISOString())
          })(storedRows),
        )
        db.close()
        await rm(file, { force: true })
        return (count / ms) * 1000
      }
      log(`sqlite: ${rounds} interleaved rounds of ${count.toLocaleString('en-US')} users`)
      const sq = await interleave({ rounds, variants: { kit: kitSqlite, raw: rawSqlite } })
      const sqKit = summarize(sq.kit)
      const sqRaw = summarize(sq.raw)
      const sqSeconds = count / sqKit.median
      rows.push({ case: `sqlite: ${count.toLocaleString('en-US')} users`, kitLabel: `${fmtSummary(sqKit, 'users/s')} = ${fmt(sqSeconds)} s`, baseLabel: '-', ratioText: '-', target: '< 2 s', met: sqSeconds < 2 })
      rows.push({ case: 'sqlite: kit vs raw better-sqlite3 insert of the same rows (one transaction)', kitLabel: fmtSummary(sqKit, 'users/s'), baseLabel: fmtSummary(sqRaw, 'rows/s'), ratio: sqKit.median / sqRaw.median, target: '-', met: null })

      // --- PostgreSQL ---------------------------------------------------------------------------
      const { default: pg } = await import('pg')
      const admin = new pg.Client({ connectionString: PG_URL })
      let pgKit
      try {
        await admin.connect()
        const schemas = []
        const freshSchema = async () => {
          const name = `stk_bench_${process.pid}_${Date.now().toString(36)}_${schemas.length}`
          await admin.query(`CREATE SCHEMA "${name}"`)
          schemas.push(name)
          return name
        }
        const kitPg = async () => {
          const schema = await freshSchema()
          const repo = core.repositories.postgres(PG_URL, { schema })
          const ms = await time(() => core.seedUsers(repo, seedOptions))
          if ((await repo.count()) !== count) throw new Error('seedUsers(postgres): wrong row count')
          await repo.close()
          await admin.query(`DROP SCHEMA "${schema}" CASCADE`)
          return (count / ms) * 1000
        }
        const rawPg = async () => {
          const schema = await freshSchema()
          await admin.query(`CREATE TABLE "${schema}".users (id text PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL, password_hash text NOT NULL, role text NOT NULL, locale text NOT NULL, session_version integer NOT NULL, created_at timestamptz NOT NULL)`)
          const ms = await time(async () => {
            await admin.query('BEGIN')
            for (let i = 0; i < storedRows.length; i += 5000) {
              const batch = storedRows.slice(i, i + 5000)
              const values = batch.map((_, j) => `(${COLUMNS.map((__, k) => `$${j * COLUMNS.length + k + 1}`).join(', ')})`).join(', ')
              await admin.query(`INSERT INTO "${schema}".users (${COLUMNS.join(', ')}) VALUES ${values}`, batch.flat())
            }
            await admin.query('COMMIT')
          })
          await admin.query(`DROP SCHEMA "${schema}" CASCADE`)
          return (count / ms) * 1000
        }
        log(`postgres: ${rounds} interleaved rounds of ${count.toLocaleString('en-US')} users`)
        try {
          const pgs = await interleave({ rounds, variants: { kit: kitPg, raw: rawPg } })
          pgKit = summarize(pgs.kit)
          const pgRaw = summarize(pgs.raw)
          rows.push({ case: `postgres: ${count.toLocaleString('en-US')} users`, kitLabel: `${fmtSummary(pgKit, 'users/s')} = ${fmt(count / pgKit.median)} s`, baseLabel: '-', ratioText: '-', target: '-', met: null })
          rows.push({ case: 'postgres: kit vs raw multi-row INSERTs of the same rows (5,000 per statement, one transaction)', kitLabel: fmtSummary(pgKit, 'users/s'), baseLabel: fmtSummary(pgRaw, 'rows/s'), ratio: pgKit.median / pgRaw.median, target: '-', met: null })
        } finally {
          for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        }
      } catch (error) {
        notes.push(`postgres: not measured (${error.message})`)
      } finally {
        await admin.end().catch(() => {})
      }

      // --- versus hashing every password ----------------------------------------------------------
      await warmScrypt()
      const sample = await hashSample(quick ? 3 : 10)
      const hashAllSeconds = (sample.median * count) / 1000
      const hashRate = { median: 1000 / sample.median, min: 1000 / sample.max, max: 1000 / sample.min, n: sample.n }
      rows.push({ case: 'sqlite: kit vs scrypt N=16384 per user (extrapolated)', kitLabel: fmtSummary(sqKit, 'users/s'), baseLabel: `${fmtSummary(hashRate, 'users/s')} = ${fmt(hashAllSeconds)} s`, ratio: sqKit.median / hashRate.median, ratioText: fmtRatio(sqKit.median / hashRate.median), target: '-', met: null })
      if (pgKit) rows.push({ case: 'postgres: kit vs scrypt N=16384 per user (extrapolated)', kitLabel: fmtSummary(pgKit, 'users/s'), baseLabel: `${fmtSummary(hashRate, 'users/s')} = ${fmt(hashAllSeconds)} s`, ratio: pgKit.median / hashRate.median, target: '-', met: null })
      notes.push(
        `Kit: seedUsers(repositories.sqlite(<fresh file>) | repositories.postgres(url, { schema: <fresh schema> }), { count: ${count}, seed: 7, password, hashCost: 'default' }) — so the kit's one hash is scrypt N=16384 too; the time includes building the users with faker, the conflict check and the batched inserts (5,000 per transaction).`,
        `Hash baseline: ${sample.n} unique scrypt N=16384 hashes, median ${fmt(sample.median)} ms each, times ${count.toLocaleString('en-US')} users.`,
        `PostgreSQL: ${PG_URL}, one uniquely named schema per sample (stk_bench_<pid>_...), dropped right after.`,
        `${rounds} interleaved round(s) per database plus one warm-up round.`,
      )
      return { rows, notes }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  },
}

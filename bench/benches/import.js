// Benchmark 6: cold import cost of the built entries in fresh processes, versus supertest +
// tough-cookie, interleaved. Also lists the heavy packages each entry loads at import time.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import { promisify } from 'node:util'
import { interleave } from '../lib/interleave.js'
import { entryUrl, loadEntry } from '../lib/kit.js'
import { fmt, summarize } from '../lib/stats.js'

const run = promisify(execFile)
const probe = fileURLToPath(new URL('../apps/import-probe.js', import.meta.url))
const recorder = fileURLToPath(new URL('../apps/record-urls.js', import.meta.url))
const BASELINE = [new URL('../apps/baseline-deps.js', import.meta.url).href]
const DYNAMIC_BASELINE = ['supertest', 'tough-cookie']
const ENTRIES = [
  { name: 'session-testkit', specifiers: ['session-testkit'], budgetMs: 30 },
  { name: 'session-testkit/reference', specifiers: ['session-testkit/reference'] },
  { name: 'session-testkit/vitest', specifiers: ['session-testkit/vitest'], allowed: ['vitest'] },
  // The Redis helpers' entry: ioredis is what it is for; testcontainers must still wait for use.
  { name: 'session-testkit/redis', specifiers: ['session-testkit/redis'], allowed: ['ioredis'] },
  { name: 'info: vitest alone', specifiers: ['vitest'], info: true, allowed: ['vitest'] },
  { name: 'info: import("supertest"), import("tough-cookie") (dynamic)', specifiers: DYNAMIC_BASELINE, info: true },
]
const HEAVY = ['@faker-js/faker (full locale set)', 'ioredis', 'testcontainers', '@testcontainers/redis', 'pg', 'better-sqlite3', 'redis', 'vitest']

/** Kit entries as file URLs of the build (BENCH_DIST or dist/); other specifiers unchanged. */
const toUrl = (specifier) => (specifier.startsWith('session-testkit') ? entryUrl(specifier) : specifier)

async function importOnce(specifiers, record, preload = []) {
  const env = { ...process.env, PRELOAD: preload.join(',') }
  const args = [probe, ...specifiers]
  let dir
  if (record) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'stk-bench-import-'))
    env.RECORD_URLS_FILE = path.join(dir, 'urls.txt')
    args.unshift('--import', recorder)
  }
  try {
    const { stdout } = await run(process.execPath, args, { env, cwd: fileURLToPath(new URL('../..', import.meta.url)) })
    return JSON.parse(stdout.trim().split('\n').at(-1))
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

export default {
  name: 'import',
  title: '6. Cold import cost (fresh process, built dist) vs supertest + tough-cookie',
  async run({ quick, log }) {
    await loadEntry('session-testkit') // fails early with a clear message when dist/ is missing
    const rounds = quick ? 4 : 10
    const rows = []
    const notes = [
      `Each sample is a fresh \`node bench/apps/import-probe.js <specifiers>\`; the time is measured inside the child around the import() calls (Node start-up excluded). ${rounds} samples per variant, interleaved with the baseline (one warm-up round for the OS file cache).`,
      'Baseline: a fresh process importing bench/apps/baseline-deps.js, an ES module with `import "supertest"; import "tough-cookie"` (the two dependencies the core entry loads statically by design). Node 20 spends more on static ESM imports of these CommonJS packages than on two dynamic import() calls (see the info row), so the static form is the like-for-like baseline.',
    ]
    for (const entry of ENTRIES) {
      log(`${entry.name}: ${rounds} rounds`)
      let samples
      try {
        samples = await interleave({
          rounds,
          variants: {
            kit: async () => await importOnce(entry.specifiers.map(toUrl)),
            base: async () => await importOnce(BASELINE),
          },
        })
      } catch (error) {
        rows.push({ case: entry.name, kitLabel: 'failed to import', baseLabel: '-', ratioText: '-', target: '-', met: null })
        notes.push(`${entry.name}: ${String(error.stderr ?? error.message).split('\n').find((l) => /Error/.test(l)) ?? error.message}`)
        continue
      }
      const kit = summarize(samples.kit.map((s) => s.ms))
      const base = summarize(samples.base.map((s) => s.ms))
      const kitCpu = summarize(samples.kit.map((s) => s.cpuMs))
      const baseCpu = summarize(samples.base.map((s) => s.cpuMs))
      const delta = kit.median - base.median
      const loaded = (await importOnce(entry.specifiers.map(toUrl), true)).packages
      const heavy = loaded.filter((p) => HEAVY.includes(p) && !(entry.allowed ?? []).includes(p))
      rows.push({
        case: entry.name,
        unit: 'ms',
        kit,
        base,
        ratioText: `${delta >= 0 ? '+' : ''}${fmt(delta)} ms`,
        target: entry.budgetMs ? `<= +${entry.budgetMs} ms, no heavy deps` : entry.info ? '-' : 'no heavy deps',
        met: entry.info ? null : heavy.length === 0 && (!entry.budgetMs || delta <= entry.budgetMs),
      })
      notes.push(`${entry.name}: CPU time ${fmt(kitCpu.median)} ms vs ${fmt(baseCpu.median)} ms for the baseline (medians); loads ${loaded.join(', ') || '(no packages)'}${heavy.length ? ` — **heavy: ${heavy.join(', ')}**` : ''}`)
      if (entry.budgetMs) {
        // What the entry adds on top of supertest + tough-cookie, measured directly in one process
        // (less noisy than the difference of two cold imports on a loaded machine).
        const own = []
        for (let i = 0; i < rounds; i++) own.push((await importOnce(entry.specifiers.map(toUrl), false, DYNAMIC_BASELINE)).ms)
        const ownS = summarize(own)
        rows.push({ case: `info: ${entry.name}, own code only (imported after supertest + tough-cookie)`, unit: 'ms', kit: ownS, baseLabel: '-', ratioText: `+${fmt(ownS.median)} ms`, target: '-', met: null })
      }
    }
    return { rows, notes }
  },
}

// Benchmark 6: cold import cost of the built entries in fresh processes, versus supertest +
// tough-cookie, interleaved. Also lists the heavy packages each entry loads at import time.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import { promisify } from 'node:util'
import { interleave } from '../lib/interleave.js'
import { loadEntry } from '../lib/kit.js'
import { fmt, summarize } from '../lib/stats.js'

const run = promisify(execFile)
const probe = fileURLToPath(new URL('../apps/import-probe.js', import.meta.url))
const recorder = fileURLToPath(new URL('../apps/record-urls.js', import.meta.url))
const BASELINE = ['supertest', 'tough-cookie']
const ENTRIES = [
  { name: 'session-testkit', specifiers: ['session-testkit'], budgetMs: 30 },
  { name: 'session-testkit/reference', specifiers: ['session-testkit/reference'] },
  { name: 'session-testkit/vitest', specifiers: ['session-testkit/vitest'] },
  { name: 'session-testkit/redis', specifiers: ['session-testkit/redis'] },
  { name: 'info: vitest alone', specifiers: ['vitest'] },
]
const FORBIDDEN = ['@faker-js/faker (full locale set)', 'ioredis', 'testcontainers', '@testcontainers/redis', 'pg', 'better-sqlite3', 'redis']

async function importOnce(specifiers, record) {
  const env = { ...process.env }
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
    const rounds = quick ? 5 : 15
    const rows = []
    const notes = [
      `Each sample is a fresh \`node bench/apps/import-probe.js <specifiers>\`; the time is measured inside the child around the import() calls (Node start-up excluded). ${rounds} samples per variant, interleaved with the baseline (one warm-up round for the OS file cache).`,
      'Baseline: `import("supertest")` then `import("tough-cookie")` in the same fresh process (both are dependencies the core entry loads statically by design).',
    ]
    for (const entry of ENTRIES) {
      log(`${entry.name}: ${rounds} rounds`)
      let samples
      try {
        samples = await interleave({
          rounds,
          variants: {
            kit: async () => (await importOnce(entry.specifiers)).ms,
            base: async () => (await importOnce(BASELINE)).ms,
          },
        })
      } catch (error) {
        rows.push({ case: entry.name, kitLabel: 'failed to import', baseLabel: '-', ratioText: '-', target: '-', met: null })
        notes.push(`${entry.name}: ${String(error.stderr ?? error.message).split('\n').find((l) => /Error/.test(l)) ?? error.message}`)
        continue
      }
      const kit = summarize(samples.kit)
      const base = summarize(samples.base)
      const delta = kit.median - base.median
      const loaded = (await importOnce(entry.specifiers, true)).packages
      const heavy = loaded.filter((p) => FORBIDDEN.includes(p) || (p === 'vitest' && !entry.name.includes('vitest')))
      const row = {
        case: entry.name,
        unit: 'ms',
        kit,
        base,
        ratioText: `${delta >= 0 ? '+' : ''}${fmt(delta)} ms`,
        target: entry.budgetMs ? `<= +${entry.budgetMs} ms, no heavy deps` : entry.name.startsWith('info') ? '-' : 'no heavy deps',
        met: entry.name.startsWith('info') ? null : heavy.length === 0 && (!entry.budgetMs || delta <= entry.budgetMs),
      }
      rows.push(row)
      notes.push(`${entry.name} loads: ${loaded.join(', ') || '(no packages)'}${heavy.length ? ` — heavy: ${heavy.join(', ')}` : ''}`)
    }
    return { rows, notes }
  },
}

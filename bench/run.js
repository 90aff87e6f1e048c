#!/usr/bin/env node
// Entry point of `npm run bench`: node bench/run.js [--quick] [name ...]
// Runs the selected benchmarks (all by default) against the BUILT package (dist/), prints each
// result table and writes bench/results.md (and results.json, which keeps the latest run of every
// benchmark so that subset runs update only their own sections).
import { describeMachine } from './lib/machine.js'
import { renderRow, saveSection } from './lib/report.js'

const BENCHES = {
  login: () => import('./benches/login.js'),
  requests: () => import('./benches/requests.js'),
  throughput: () => import('./benches/throughput.js'),
  seeding: () => import('./benches/seeding.js'),
  redis: () => import('./benches/redis.js'),
  import: () => import('./benches/import.js'),
}

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(`usage: node bench/run.js [--quick] [${Object.keys(BENCHES).join('|')} ...]`)
  process.exit(0)
}
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1'
const names = args.filter((a) => !a.startsWith('-'))
for (const name of names) {
  if (!(name in BENCHES)) {
    console.error(`bench: unknown benchmark "${name}"; choose from ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
}
const selected = names.length ? names : Object.keys(BENCHES)

const machine = describeMachine()
console.log(`# ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`)
console.log(`# ${quick ? 'quick mode, ' : ''}benchmarks: ${selected.join(', ')}\n`)

let failed = false
for (const name of selected) {
  const { default: bench } = await BENCHES[name]()
  console.log(`## ${bench.title}`)
  const started = describeMachine()
  let result
  try {
    result = await bench.run({ quick, log: (msg) => console.log(`  ${msg}`) })
  } catch (error) {
    failed = true
    console.error(`  ${name} failed:`, error)
    result = { rows: [], notes: [`Failed: ${error?.message ?? error}`] }
  }
  const section = { name, title: bench.title, quick, machine: started, rows: result.rows, notes: result.notes ?? [] }
  for (const row of section.rows) console.log(`  ${renderRow(row).join(' | ')}`)
  for (const note of section.notes) console.log(`  - ${note}`)
  console.log('')
  await saveSection(section)
}
console.log('wrote bench/results.md')
// Benchmarks close their servers and clients; exit anyway in case a peer library keeps a handle.
process.exit(failed ? 1 : 0)

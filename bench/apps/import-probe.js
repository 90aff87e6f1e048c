#!/usr/bin/env node
// Child process of the import benchmark: node import-probe.js <specifier> [...]
// Imports the specifiers in order, then prints one JSON line: { ms, cpuMs, packages }.
// `ms` is the time from just before the first import to just after the last (in-process, so
// Node's own start-up is excluded), `cpuMs` the CPU time (user + system) spent meanwhile; `packages` lists the node_modules packages whose files were
// loaded: from the URLs the resolve hook recorded (when run with --import ./record-urls.js) and
// from the CommonJS cache (CJS packages such as pg, ioredis, better-sqlite3 always land there).
import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const specifiers = process.argv.slice(2)
// PRELOAD=a,b: imported before the clock starts (to time only what an entry adds on top of them).
for (const specifier of (process.env.PRELOAD ?? '').split(',').filter(Boolean)) await import(specifier)
const cpu0 = process.cpuUsage()
const t0 = performance.now()
for (const specifier of specifiers) await import(specifier)
const ms = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
const cpuMs = (cpu.user + cpu.system) / 1000

const files = Object.keys(createRequire(import.meta.url).cache)
if (process.env.RECORD_URLS_FILE) {
  const urls = readFileSync(process.env.RECORD_URLS_FILE, 'utf8').split('\n').filter(Boolean)
  for (const url of urls) if (url.startsWith('file:')) files.push(fileURLToPath(url))
}
const packages = new Set()
for (const file of files) {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.*)$/.exec(file)
  if (!m) continue
  const name = m[1].replace('\\', '/')
  // faker's full locale set is its main entry; a single locale (locale/en) is much cheaper.
  if (name === '@faker-js/faker' && /^dist[\\/]index\.js$/.test(m[2])) packages.add('@faker-js/faker (full locale set)')
  else packages.add(name)
}
console.log(JSON.stringify({ ms, cpuMs, packages: [...packages].sort() }))

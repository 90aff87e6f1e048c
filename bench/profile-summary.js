#!/usr/bin/env node
// Usage: node bench/profile-summary.js <file.cpuprofile> [regexp]
// Prints self time by module and by function, and inclusive time of the frames matching regexp.
// Self time and inclusive time per function / per module from a .cpuprofile.
import { readFileSync } from 'node:fs'
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const byId = new Map(prof.nodes.map((n) => [n.id, n]))
const parent = new Map()
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const dt = new Map()
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0))
const total = [...dt.values()].reduce((a, b) => a + b, 0)
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, 'nm:').replace(/^file:\/\/.*\/work\/main\//, '')}:${n.callFrame.lineNumber + 1}`
const mod = (n) => { const u = n.callFrame.url; const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u); return m ? m[1] : u.includes('/dist/') ? 'session-testkit dist' : u.startsWith('node:') ? 'node:' + u.slice(5).split('/')[0] : u ? u.replace(/^.*\//, '') : n.callFrame.functionName }
const self = new Map(), incl = new Map(), modSelf = new Map()
for (const [id, t] of dt) {
  const n = byId.get(id)
  self.set(label(n), (self.get(label(n)) ?? 0) + t)
  modSelf.set(mod(n), (modSelf.get(mod(n)) ?? 0) + t)
  const seen = new Set()
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)); if (seen.has(l)) continue; seen.add(l)
    incl.set(l, (incl.get(l) ?? 0) + t)
  }
}
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([l, t]) => `${(100 * t / total).toFixed(1).padStart(5)}%  ${l}`).join('\n')
const filter = process.argv[3] ? new RegExp(process.argv[3]) : null
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- self by module\n${top(modSelf, 15)}\n-- self by function\n${top(self, 25)}\n-- inclusive${filter ? ' (' + filter + ')' : ''}\n${top(new Map([...incl].filter(([l]) => !filter || filter.test(l))), 40)}`)

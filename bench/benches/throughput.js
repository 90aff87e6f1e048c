// Benchmark 3: reference middleware throughput against the peers (autocannon, 10 connections),
// each app in its own child process, interleaved round by round. Two workloads with a valid
// logged-in session cookie: read-only GET /me, and GET /count (read + small write).
/* global fetch -- Node 20's built-in fetch (undici) */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath, URL } from 'node:url'
import autocannon from 'autocannon'
import { interleave } from '../lib/interleave.js'
import { startRedisServer } from '../lib/redis-server.js'
import { fmtRatio, fmtSummary, summarize } from '../lib/stats.js'

const serverPath = fileURLToPath(new URL('../apps/throughput-server.js', import.meta.url))
const APPS = ['none', 'express-session-memory', 'cookie-session', 'express-session-redis', 'reference-cookie', 'reference-redis', 'reference-memory']
const WORKLOADS = { read: '/me', write: '/count' }
const COMPARISONS = [
  { kit: 'reference-cookie', base: 'cookie-session', target: 1.2 },
  { kit: 'reference-redis', base: 'express-session-redis', target: 1.2 },
  { kit: 'reference-memory', base: 'express-session-memory', target: null },
]

async function startApp(kind, redisUrl) {
  const child = spawn(process.execPath, [serverPath, kind, redisUrl], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const port = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /READY (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}: ${stderr.trim().split('\n').slice(0, 3).join(' ')}`)))
  })
  const base = `http://127.0.0.1:${port}`
  const login = await fetch(`${base}/login`, { method: 'POST' })
  if (login.status !== 204) throw new Error(`${kind}: POST /login answered ${login.status}`)
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  for (const path of Object.values(WORKLOADS)) {
    const res = await fetch(base + path, { headers: { cookie } })
    const body = await res.json()
    if (res.status !== 200 || body.user_id !== 1) throw new Error(`${kind}: GET ${path} with the session answered ${res.status}`)
  }
  return {
    kind,
    url: base,
    cookie,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
    },
  }
}

async function cannon(app, path, duration) {
  const result = await autocannon({ url: app.url + path, connections: 10, duration, headers: { cookie: app.cookie } })
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad > 0) throw new Error(`${app.kind} ${path}: ${bad} failed responses out of ${result.requests.total}`)
  return result.requests.total / (result.duration || duration)
}

export default {
  name: 'throughput',
  title: '3. Reference middleware throughput (autocannon, 10 connections, req/s)',
  async run({ quick, log }) {
    const duration = quick ? 2 : 5
    const rounds = quick ? 1 : 3
    const redis = await startRedisServer()
    const apps = {}
    const notes = []
    try {
      for (const kind of APPS) {
        try {
          apps[kind] = await startApp(kind, redis.url)
        } catch (error) {
          notes.push(`${kind}: not measured (${error.message})`)
        }
      }
      const results = {}
      for (const [workload, path] of Object.entries(WORKLOADS)) {
        log(`${workload} (GET ${path}): warm-up 1 s per app, then ${rounds} interleaved rounds of ${duration} s`)
        for (const app of Object.values(apps)) await cannon(app, path, 1)
        results[workload] = await interleave({
          rounds,
          warmup: 0,
          variants: Object.fromEntries(Object.values(apps).map((app) => [app.kind, () => cannon(app, path, duration)])),
        })
      }
      const rows = []
      for (const workload of Object.keys(WORKLOADS)) {
        const s = Object.fromEntries(Object.entries(results[workload]).map(([k, v]) => [k, summarize(v)]))
        const ceiling = s.none?.median
        const pct = (k) => (ceiling && s[k] ? ` = ${Math.round((100 * s[k].median) / ceiling)}% of ceiling` : '')
        for (const { kit, base, target } of COMPARISONS) {
          if (!s[kit] || !s[base]) {
            rows.push({ case: `${workload}: ${kit} vs ${base}`, kitLabel: s[kit] ? fmtSummary(s[kit], 'req/s') : 'not measured', baseLabel: s[base] ? fmtSummary(s[base], 'req/s') : 'not measured', ratioText: '-', target: target ? `>= ${target}x` : '-', met: null })
            continue
          }
          const ratio = s[kit].median / s[base].median
          rows.push({
            case: `${workload}: ${kit} vs ${base}`,
            kitLabel: fmtSummary(s[kit], 'req/s') + pct(kit),
            baseLabel: fmtSummary(s[base], 'req/s') + pct(base),
            ratio,
            ratioText: fmtRatio(ratio),
            target: target ? `>= ${target}x` : '-',
            met: target ? ratio >= target : null,
          })
        }
        if (s.none) {
          rows.push({ case: `${workload}: ceiling (Express 5, no session)`, kitLabel: '-', baseLabel: fmtSummary(s.none, 'req/s'), ratioText: '-', target: '-', met: null })
          // A session layer that cost nothing would reach the ceiling: ceiling / peer bounds any ratio.
          const bounds = COMPARISONS.filter((c) => c.target && s[c.base]).map((c) => `${c.base} ${fmtRatio(ceiling / s[c.base].median)}`)
          if (bounds.length) notes.push(`${workload}: the best ratio any session layer could reach (ceiling / peer): ${bounds.join(', ')}.`)
        }
      }
      notes.push(
        'Each app runs in its own child process (Express 5, one route per workload); autocannon runs in the parent with 10 connections, sending the Cookie header of a session created by POST /login.',
        'Workloads: read = GET /me (reads user_id from the session; no Set-Cookie); write = GET /count (views += 1 in the session: a new signed cookie per response for cookie stores, a store write per request for server-side stores). Every response is checked to be 2xx.',
        'Equal settings: 1-day maxAge, HttpOnly, SameSite=Lax; express-session with resave:false, saveUninitialized:false and its default touch (so connect-redis runs GET + EXPIRE per read, GET + SET per write); connect-redis 9 with the node-redis 6 client; the reference Redis store on the same redis-server (ours, on a free port).',
        `Warm-up 1 s per app, then ${rounds} round(s) of ${duration} s per app, apps in alternating order each round.`,
      )
      return { rows, notes }
    } finally {
      for (const app of Object.values(apps)) await app.stop()
      await redis.stop()
    }
  },
}

// Benchmark 3: reference middleware throughput against the peers (autocannon, 10 connections),
// each app in its own child process, interleaved round by round. Two workloads with a valid
// logged-in session cookie: read-only GET /me, and GET /count (read + small write).
/* global fetch -- Node 20's built-in fetch (undici) */
import { spawn } from 'node:child_process'
import net from 'node:net'
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

const stats = async (app) => (await fetch(`${app.url}/__stats`)).json()

/** used_cpu_user + used_cpu_sys of our redis-server, in microseconds. */
async function redisCpuUs(port) {
  const info = await new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('INFO cpu\r\n'))
    let text = ''
    socket.on('data', (d) => {
      text += d
      if (/used_cpu_user:/.test(text) && text.endsWith('\r\n')) {
        socket.destroy()
        resolve(text)
      }
    })
    socket.on('error', reject)
  })
  const field = (name) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0)
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6
}

/** One autocannon run: req/s, plus CPU microseconds per request (server, and Redis for Redis apps). */
async function cannon(app, path, duration, redisPort) {
  const usesRedis = app.kind.includes('redis')
  const before = await stats(app)
  const redisBefore = usesRedis ? await redisCpuUs(redisPort) : 0
  const result = await autocannon({ url: app.url + path, connections: 10, duration, headers: { cookie: app.cookie } })
  const after = await stats(app)
  const redisAfter = usesRedis ? await redisCpuUs(redisPort) : 0
  const bad = result.non2xx + result.errors + result.timeouts
  if (bad > 0) throw new Error(`${app.kind} ${path}: ${bad} failed responses out of ${result.requests.total}`)
  const requests = after.served - before.served
  return {
    rps: result.requests.total / (result.duration || duration),
    cpuUs: (after.cpuUs - before.cpuUs + redisAfter - redisBefore) / requests,
  }
}

export default {
  name: 'throughput',
  title: '3. Reference middleware throughput (autocannon, 10 connections, req/s)',
  async run({ quick, log }) {
    const duration = quick ? 2 : 3
    const rounds = quick ? 1 : 5
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
        for (const app of Object.values(apps)) await cannon(app, path, 1, redis.port)
        results[workload] = await interleave({
          rounds,
          warmup: 0,
          variants: Object.fromEntries(Object.values(apps).map((app) => [app.kind, () => cannon(app, path, duration, redis.port)])),
        })
      }
      const rows = []
      for (const workload of Object.keys(WORKLOADS)) {
        const s = Object.fromEntries(Object.entries(results[workload]).map(([k, v]) => [k, summarize(v.map((x) => x.rps))]))
        const cpu = Object.fromEntries(Object.entries(results[workload]).map(([k, v]) => [k, summarize(v.map((x) => x.cpuUs))]))
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
          const cpuRatio = cpu[base].median / cpu[kit].median
          rows.push({
            case: `${workload}: ${kit} vs ${base}, CPU µs per request${kit.includes('redis') ? ' (server + redis-server)' : ''}`,
            kitLabel: fmtSummary(cpu[kit], 'µs'),
            baseLabel: fmtSummary(cpu[base], 'µs'),
            ratio: cpuRatio,
            ratioText: fmtRatio(cpuRatio),
            target: '-',
            met: null,
          })
        }
        if (s.none) {
          rows.push({ case: `${workload}: ceiling (Express 5, no session)`, kitLabel: '-', baseLabel: `${fmtSummary(s.none, 'req/s')}; ${fmtSummary(cpu.none, 'µs')} CPU per request`, ratioText: '-', target: '-', met: null })
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
        'CPU µs per request: the server process\'s CPU time (process.cpuUsage, user + system) over the requests it served during the run, plus for Redis apps the redis-server\'s (INFO cpu) over the same run. Unlike req/s, it barely depends on how much CPU other processes leave the server, so on a shared machine it is the steadier comparison (a saturated single-threaded server on an idle core serves about 1e6 / µs req/s).',
      )
      return { rows, notes }
    } finally {
      for (const app of Object.values(apps)) await app.stop()
      await redis.stop()
    }
  },
}

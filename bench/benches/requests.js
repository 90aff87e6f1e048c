// Benchmark 2: per-request overhead of the test client versus supertest's request.agent(app),
// same app, sequential requests carrying one cookie. Target: the kit at least 2x faster.
// A third, informational variant is Node's fetch (undici, keep-alive) against a listening server:
// the floor any in-process HTTP client can reach.
/* global fetch -- Node 20's built-in fetch (undici) */
import http from 'node:http'
import request from 'supertest'
import { createPingApp } from '../lib/apps.js'
import { interleave, split, timePerOp } from '../lib/interleave.js'
import { loadCore, need } from '../lib/kit.js'
import { summarize } from '../lib/stats.js'

const TARGET = 2

export default {
  name: 'requests',
  title: '2. Per-request overhead: test client vs supertest request.agent(app)',
  async run({ quick, log }) {
    const core = await loadCore()
    need(core, ['createTestClient'], 'session-testkit')
    const perSample = quick ? 200 : 1000
    const rounds = quick ? 3 : 7
    const app = createPingApp()

    const client = core.createTestClient(app)
    await client.get('/hello').expect(200)
    const agent = request.agent(app)
    await agent.get('/hello').expect(200)

    const server = http.createServer(app)
    await new Promise((r) => server.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${server.address().port}`
    const fetchPing = async () => {
      const res = await fetch(`${base}/ping`, { headers: { cookie: 'visitor=v-123' } })
      if ((await res.text()) !== 'ok') throw new Error('fetch: cookie not sent')
    }

    const check = (res) => {
      if (res.status !== 200 || res.text !== 'ok') throw new Error(`GET /ping answered ${res.status} ${res.text}`)
    }
    log(`${rounds} rounds of ${perSample} sequential GET /ping per variant`)
    const samples = await interleave({
      rounds,
      variants: {
        kit: () => timePerOp(perSample, async () => check(await client.get('/ping'))),
        supertest: () => timePerOp(perSample, async () => check(await agent.get('/ping'))),
        fetch: () => timePerOp(perSample, fetchPing),
      },
    })
    await client.close()
    await new Promise((r) => server.close(r))

    const kit = split(samples.kit)
    const st = split(samples.supertest)
    const ft = split(samples.fetch)
    const row = (name, a, b, target) => {
      const sa = summarize(a)
      const sb = summarize(b)
      const ratio = sb.median / sa.median
      return { case: name, unit: 'ms', kit: sa, base: sb, ratio, target: target ? `>= ${target}x` : '-', met: target ? ratio >= target : null }
    }
    return {
      rows: [
        row(`${perSample} sequential GETs, ms/request`, kit.ms, st.ms, TARGET),
        row('CPU time per request (client + server, same process)', kit.cpuMs, st.cpuMs),
        row('info: fetch (undici keep-alive) as "kit" vs supertest', ft.ms, st.ms),
        row('info: fetch vs supertest, CPU time per request', ft.cpuMs, st.cpuMs),
      ],
      notes: [
        'App: Express 5, GET /hello sets one cookie (visitor), GET /ping answers "ok" only when the cookie came back, so both clients must carry their jar.',
        'Kit: one createTestClient(app) reused for every request; baseline: one supertest request.agent(app) reused (supertest starts a new server and connection per request).',
        `${rounds} interleaved samples of ${perSample} sequential requests per variant, after one warm-up round; cells are ms per request.`,
      ],
    }
  },
}

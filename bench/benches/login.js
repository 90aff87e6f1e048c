// Benchmark 1: a logged-in client. Kit: createTestClient + sessionTransaction + first GET (+ close).
// Baseline: real login through the form with supertest's agent (POST /login, scrypt N=16384
// verify, then one GET), per session format. Target: the kit at least 100x faster.
import http from 'node:http'
import request from 'supertest'
import { createCookieSessionApp, createExpressSessionApp, USER, warmScrypt } from '../lib/apps.js'
import { createReferenceApp } from '../lib/reference-app.js'
import { interleave, split, timePerOp } from '../lib/interleave.js'
import { formatFactory, loadCore, need } from '../lib/kit.js'
import { summarize } from '../lib/stats.js'

const TARGET = 100

const FORMATS = {
  reference: async (core) => {
    const { app, format } = await createReferenceApp(core)
    return { app, format }
  },
  'express-session': async (core) => {
    const { app, store, secret } = await createExpressSessionApp()
    return { app, format: formatFactory(core, 'expressSession')({ secret, store }) }
  },
  'cookie-session': async (core) => {
    const { app, keys } = await createCookieSessionApp()
    return { app, format: formatFactory(core, 'cookieSession')({ keys }) }
  },
}

async function kitLogin(core, app, format) {
  const client = core.createTestClient(app, { session: format })
  try {
    await core.sessionTransaction(client, (s) => {
      s.user_id = USER.id
    })
    const res = await client.get('/me')
    if (res.status !== 200 || res.body.user_id !== USER.id) throw new Error(`kit login: GET /me answered ${res.status} ${res.text}`)
  } finally {
    await client.close()
  }
}

async function realLogin(app) {
  const agent = request.agent(app)
  await agent.post('/login').type('form').send({ email: USER.email, password: USER.password }).expect(303)
  const res = await agent.get('/me').expect(200)
  if (res.body.user_id !== USER.id) throw new Error('real login: GET /me did not return the user')
}

export default {
  name: 'login',
  title: '1. Logged-in client: sessionTransaction vs real form login (scrypt N=16384)',
  async run({ quick, log }) {
    const core = await loadCore()
    need(core, ['createTestClient', 'sessionTransaction'], 'session-testkit')
    const rounds = quick ? 3 : 9
    const kitIters = quick ? 20 : 100
    const baseIters = quick ? 1 : 3
    await warmScrypt()
    const rows = []
    const notes = [
      `Kit: createTestClient(app, { session: format }) + sessionTransaction(client, s => { s.user_id = 1 }) + GET /me (200, body checked) + client.close(); ${kitIters} per sample.`,
      `Baseline: supertest request.agent(app), POST /login as a form (scrypt N=16384 r=8 p=1 verify; express-session regenerates the session) + GET /me; ${baseIters} per sample.`,
      `${rounds} interleaved samples per side (plus one warm-up round), same Express 5 app for both.`,
      'Info rows: the kit given the base URL of a server that is already listening (createTestClient(url)), so no listen/connect/close per client: what one shared server per app would save.',
    ]
    for (const [name, setup] of Object.entries(FORMATS)) {
      let env
      try {
        env = await setup(core)
      } catch (error) {
        if (!error.notMeasured) throw error
        rows.push({ case: name, kitLabel: 'not measured', baseLabel: '-', ratioText: '-', target: `>= ${TARGET}x`, met: null })
        notes.push(`${name}: ${error.message}`)
        continue
      }
      log(`${name}: ${rounds} rounds`)
      // Info variant: the same client on a server that is already listening (a base URL), i.e.
      // without the per-client listen/connect/close, to show what sharing one server would save.
      const server = http.createServer(env.app)
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
      const baseUrl = `http://127.0.0.1:${server.address().port}`
      const samples = await interleave({
        rounds,
        variants: {
          kit: () => timePerOp(kitIters, () => kitLogin(core, env.app, env.format)),
          base: () => timePerOp(baseIters, () => realLogin(env.app)),
          shared: () => timePerOp(kitIters, () => kitLogin(core, baseUrl, env.format)),
        },
      })
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      const kit = split(samples.kit)
      const base = split(samples.base)
      const k = summarize(kit.ms)
      const b = summarize(base.ms)
      const ratio = b.median / k.median
      rows.push({ case: name, unit: 'ms', kit: k, base: b, ratio, target: `>= ${TARGET}x`, met: ratio >= TARGET })
      const kc = summarize(kit.cpuMs)
      const bc = summarize(base.cpuMs)
      rows.push({ case: `${name}: CPU time (process, all threads)`, unit: 'ms', kit: kc, base: bc, ratio: bc.median / kc.median, target: '-', met: null })
      const sh = summarize(split(samples.shared).ms)
      rows.push({ case: `info: ${name}, kit on an already-listening server (base URL)`, unit: 'ms', kit: sh, base: b, ratio: b.median / sh.median, target: '-', met: null })
      await env.close?.()
    }
    return { rows, notes }
  },
}

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { createTestClient, formats, readSession, sessionTransaction } from 'session-testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The app under test and the session format share one SECRET_KEY.
const SECRET_KEY = 'a long random secret for the example app'
const session = formats.flask({ secretKey: SECRET_KEY })

let server: ChildProcess & { stderr: NodeJS.ReadableStream }
let baseUrl = ''

beforeAll(async () => {
  // Debian's python3-flask, started on a free port; its "Running on http://..." line gives the URL.
  server = spawn('/usr/bin/python3', [fileURLToPath(new URL('./app.py', import.meta.url))], {
    env: { ...process.env, SECRET_KEY, PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let log = ''
  server.stderr.setEncoding('utf8')
  while (!/Running on (http:\/\/\S+)/.test(log)) log += String((await once(server.stderr, 'data'))[0])
  baseUrl = /Running on (http:\/\/\S+)/.exec(log)?.[1] ?? ''
})
afterAll(() => {
  server.kill()
})

describe('Flask app over HTTP', () => {
  it('logs in through the form', async () => {
    await using client = createTestClient(baseUrl, { session })
    await client.post('/login').send({ email: 'ada@example.com', password: 'correct horse' }).expect(204)
    expect(await readSession(client)).toEqual({ user_id: 42 })
    await client.get('/me').expect(200, { user_id: 42 })
  })

  it('skips the form with sessionTransaction', async () => {
    await using client = createTestClient(baseUrl, { session })
    await sessionTransaction(client, (s) => { s.user_id = 42 })
    const res = await client.get('/me').expect(200)
    expect(res.body).toEqual({ user_id: 42 })
  })

  it('ends the session on logout', async () => {
    await using client = createTestClient(baseUrl, { session })
    await sessionTransaction(client, (s) => { s.user_id = 42 })
    await client.post('/logout').expect(204)
    expect(await readSession(client)).toBeNull()
    await client.get('/me').expect(401)
  })
})

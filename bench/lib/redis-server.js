// Our own redis-server on a free port (never the shared one on 6379), also used as the
// "spawn redis-server to first PONG" baseline of the redis benchmark.
import { setTimeout } from 'node:timers'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Sends PING over a raw socket; resolves true on +PONG, false on refusal. */
export function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (buf) => {
      socket.destroy()
      resolve(buf.toString().startsWith('+PONG'))
    })
    socket.once('error', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/**
 * Spawns /usr/bin/redis-server on a free port in a temp dir and resolves once it answers PONG.
 * @returns {Promise<{ port: number, url: string, stop: () => Promise<void> }>}
 */
export async function startRedisServer() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stk-bench-redis-'))
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  })
  let exited = false
  child.once('exit', () => (exited = true))
  const deadline = Date.now() + 5000
  while (!(await ping(port))) {
    if (exited || Date.now() > deadline) throw new Error(`bench: redis-server did not start on port ${port}`)
    await new Promise((r) => setTimeout(r, 1))
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await done
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CliIo } from '../../src/cli/io.js'
import { runCli } from '../../src/cli/run.js'

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number
  out: string
  err: string
}

/** Runs `session-testkit <args>` in-process with captured stdout/stderr and the given environment. */
export async function runCaptured(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: CliIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    cwd: process.cwd(),
    env,
  }
  const code = await runCli(args, io)
  return { code, out, err }
}

/** A node:http server on a free 127.0.0.1 port. */
export interface LocalServer {
  url: string
  close(): Promise<void>
}

/** Listens with `handler` on 127.0.0.1:0; `close()` also ends keep-alive connections. */
export async function listenLocal(handler: http.RequestListener): Promise<LocalServer> {
  const server = http.createServer(handler)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** Debian's python3-flask lives in the system Python, not in a pyenv on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3'
const APP = fileURLToPath(new URL('./flask_app.py', import.meta.url))

/** Settings of the test Flask app (see flask_app.py). */
export interface FlaskAppConfig {
  /** `SECRET_KEY`: a string, or itsdangerous' key list `[oldest, ..., newest]`. */
  secret_key: string | string[]
  /** `PERMANENT_SESSION_LIFETIME` in seconds. */
  lifetime?: number
  cookie_name?: string
}

export interface FlaskServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  url: string
  close(): Promise<void>
}

/**
 * Starts the real Flask test app on a free 127.0.0.1 port and resolves once it answers.
 *
 * @example
 * ```ts
 * const server = await startFlask({ secret_key: SECRET })
 * afterAll(() => server.close())
 * ```
 */
export async function startFlask(config: FlaskAppConfig): Promise<FlaskServer> {
  const child = spawn(SYSTEM_PYTHON, [APP], {
    env: { ...process.env, FLASK_TEST_CONFIG: JSON.stringify(config), PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  const exited = once(child, 'exit')
  const lines = createInterface({ input: child.stdout })
  const port = await Promise.race([
    once(lines, 'line').then(([line]) => Number(line)),
    exited.then(([code]) => {
      throw new Error(`flask_app.py exited with ${String(code)} before listening:\n${stderr}`)
    }),
  ])
  lines.close()
  const url = `http://127.0.0.1:${port}`
  const response = await fetch(`${url}/`)
  if (!response.ok) throw new Error(`flask_app.py answered ${response.status} on /`)

  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    await exited
  }
  return { url, close, [Symbol.asyncDispose]: close }
}

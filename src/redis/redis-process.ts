import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { SessionKitError } from '../errors.js'

const READY = /Ready to accept connections/
const live = new Set<ChildProcess>()
const tempDirs = new Set<string>()
let exitHookInstalled = false

// A test worker that exits without calling stop() must not leave redis-server processes behind.
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL')
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  })
}

/** Remembers a temp directory to delete if the process exits before `forgetTempDir`. */
export function trackTempDir(dir: string): void {
  installExitHook()
  tempDirs.add(dir)
}

/** Deletes a tracked temp directory now. */
export function removeTempDir(dir: string): void {
  tempDirs.delete(dir)
  rmSync(dir, { recursive: true, force: true })
}

/** One redis-server child process on 127.0.0.1 started in `dir`, persistence off unless `extraArgs` turn it on. */
export class RedisProcess {
  private child: ChildProcess | undefined
  private exited: Promise<void> = Promise.resolve()

  constructor(
    readonly binary: string,
    readonly port: number,
    readonly dir: string,
    private readonly extraArgs: readonly string[] = [],
  ) {}

  get pid(): number | undefined {
    return this.child?.pid
  }

  /** Whether the process runs (a paused one included). */
  get running(): boolean {
    const child = this.child
    return child !== undefined && child.exitCode === null && child.signalCode === null
  }

  /**
   * Spawns the server and resolves once it logs that it accepts connections; does nothing while
   * the process still runs.
   */
  async start(timeoutMs = 10_000): Promise<void> {
    if (this.running) return
    installExitHook()
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no',
      '--dir', this.dir, '--logfile', '', '--daemonize', 'no', ...this.extraArgs]
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    live.add(child)
    this.exited = new Promise((resolve) => child.once('exit', () => { live.delete(child); resolve() }))
    let output = ''
    let settled = false
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        child.kill('SIGKILL')
        const tail = output.trim().split('\n').slice(-3).join(' | ')
        reject(new SessionKitError(`session-testkit: ${this.binary} on port ${this.port} ${why}${tail ? ` (${tail})` : ''}. Check the binary, or use another strategy.`))
      }
      const timer = setTimeout(() => fail(`did not get ready within ${timeoutMs} ms`), timeoutMs)
      const onData = (chunk: Buffer): void => {
        output += chunk.toString()
        if (!settled && READY.test(output)) {
          settled = true
          clearTimeout(timer)
          child.stdout?.off('data', onData)
          resolve()
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
      child.once('error', (error) => fail(`could not be started: ${error.message}`))
      child.once('exit', (code, signal) => fail(`exited before it was ready (code ${code}, signal ${signal})`))
    })
    // Keep draining the pipes so a chatty server never blocks on a full pipe.
    child.stdout?.resume()
    child.stderr?.resume()
  }

  /** Fault injection: SIGKILL, as a crash or an OOM kill would. */
  async kill(): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    child.kill('SIGKILL')
    await this.exited
  }

  /** Fault injection: SIGSTOP, a server that keeps its connections but never answers. */
  pause(): void {
    this.child?.kill('SIGSTOP')
  }

  /** Undoes {@link RedisProcess.pause}. */
  resume(): void {
    this.child?.kill('SIGCONT')
  }

  /** SIGTERM (a clean shutdown; nothing is saved unless persistence is on), SIGKILL after 3 s. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    child.kill('SIGCONT')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await this.exited
    clearTimeout(timer)
  }
}

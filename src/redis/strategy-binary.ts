import { execFile } from 'node:child_process'
import { mkdtempSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SessionKitError } from '../errors.js'
import { findExecutable, findRedisCli } from './find-binary.js'
import { freePorts } from './free-port.js'
import { probeRedis } from './probe.js'
import { RedisProcess, removeTempDir, trackTempDir } from './redis-process.js'
import type { RedisBackend } from './types.js'

const run = promisify(execFile)
const CLUSTER_MASTERS = 3

/** The redis-server the binary strategy would use, or `undefined` when there is none. */
export function locateRedisServer(explicit?: string): string | undefined {
  return findExecutable(explicit ?? process.env.SESSION_TESTKIT_REDIS_SERVER ?? 'redis-server')
}

/**
 * Starts redis-server on free ports of 127.0.0.1 in a temp directory (persistence off unless
 * asked for): one
 * server, or three cluster masters joined with `redis-cli --cluster create`.
 */
export async function startBinary(binary: string, cluster: boolean, persistence = false): Promise<RedisBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'session-testkit-redis-'))
  trackTempDir(dir)
  const processes: RedisProcess[] = []
  try {
    // A port taken between reservation and bind is retried with fresh ports.
    for (let attempt = 1; ; attempt++) {
      processes.length = 0
      const count = cluster ? CLUSTER_MASTERS : 1
      const ports = await freePorts(cluster ? count * 2 : 1)
      for (let i = 0; i < count; i++) {
        const nodeDir = join(dir, `node-${attempt}-${i}`)
        mkdirSync(nodeDir)
        const clusterArgs = cluster
          ? ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '3000',
              '--cluster-port', String(ports[count + i])]
          : []
        // Fault tests opt in to an fsync'd AOF, so a SIGKILLed server comes back with its data.
        const persistArgs = persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : []
        processes.push(new RedisProcess(binary, ports[i] as number, nodeDir, [...clusterArgs, ...persistArgs]))
      }
      const started = await Promise.allSettled(processes.map((p) => p.start()))
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (!failed) break
      await Promise.all(processes.map((p) => p.stop()))
      if (attempt >= 3 || !/already in use/i.test(String(failed.reason))) throw failed.reason
    }
    if (cluster) await createCluster(binary, processes.map((p) => p.port))
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()))
    removeTempDir(dir)
    throw error
  }

  const nodes = processes.map((p) => ({ host: '127.0.0.1', port: p.port }))
  const first = nodes[0] as { host: string; port: number }
  return {
    strategy: 'binary',
    url: `redis://${first.host}:${first.port}`,
    nodes,
    owned: true,
    detail: `${binary} pid ${processes.map((p) => p.pid).join(',')} on ${nodes.map((n) => `${n.host}:${n.port}`).join(',')}`,
    async stop() {
      await Promise.all(processes.map((p) => p.stop()))
      removeTempDir(dir)
    },
    async kill() {
      await Promise.all(processes.map((p) => p.kill()))
    },
    async pause() {
      for (const p of processes) p.pause()
    },
    async resume() {
      for (const p of processes) p.resume()
    },
    async restart() {
      await Promise.all(processes.map((p) => p.start()))
      // A restarted cluster node reloads nodes.conf from its directory and rejoins.
      if (cluster) await waitForClusterOk(nodes.map((n) => n.port))
    },
  }
}

async function createCluster(binary: string, ports: number[]): Promise<void> {
  const cli = findRedisCli(binary)
  if (!cli) {
    throw new SessionKitError(`session-testkit: redis-cli was not found beside ${binary} nor on PATH; it creates the cluster. Install redis-tools or put redis-cli on PATH.`)
  }
  try {
    await run(cli, ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 })
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String((error as { stdout: unknown }).stdout).trim().split('\n').slice(-3).join(' | ') : ''
    throw new SessionKitError(`session-testkit: redis-cli --cluster create failed (${output || String(error)}). Check that ${cli} matches ${binary}.`, { cause: error })
  }
  await waitForClusterOk(ports)
}

/** Polls every node until it reports `cluster_state:ok` (slots assigned and agreed). */
async function waitForClusterOk(ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const states = await Promise.all(ports.map((port) => probeRedis(`redis://127.0.0.1:${port}`).then((p) => p.clusterState, () => 'down')))
    if (states.every((s) => s === 'ok')) return
    if (Date.now() > deadline) {
      throw new SessionKitError(`session-testkit: the cluster on ports ${ports.join(',')} did not reach cluster_state:ok within ${timeoutMs} ms (states ${states.join(',')}). Check the redis-server logs.`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

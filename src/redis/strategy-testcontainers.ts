import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '../errors.js'
import type { RedisBackend } from './types.js'

/**
 * The official image, for users with a registry; CI builds its own (`.ci/docker-redis.sh`) and
 * names it in `SESSION_TESTKIT_REDIS_IMAGE`.
 *
 * @example
 * ```ts
 * await startRedis({ strategy: 'testcontainers', image: process.env.SESSION_TESTKIT_REDIS_IMAGE ?? DEFAULT_REDIS_IMAGE })
 * ```
 */
export const DEFAULT_REDIS_IMAGE = 'redis:7.4'

/** The image the testcontainers strategy runs: the option, `SESSION_TESTKIT_REDIS_IMAGE`, else the official one. */
export function redisImage(explicit?: string): string {
  return explicit ?? process.env.SESSION_TESTKIT_REDIS_IMAGE ?? DEFAULT_REDIS_IMAGE
}

/**
 * Where a Docker engine could answer, without asking it; `undefined` when nothing points to one
 * (so `auto` moves on without loading testcontainers).
 */
export function dockerEndpointHint(): string | undefined {
  if (process.env.DOCKER_HOST) return `DOCKER_HOST=${process.env.DOCKER_HOST}`
  if (process.env.TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE) return 'TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE'
  const candidates = [
    '/var/run/docker.sock',
    join(homedir(), '.testcontainers.properties'),
    join(homedir(), '.docker', 'run', 'docker.sock'),
    ...(process.env.XDG_RUNTIME_DIR ? [join(process.env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
  ]
  return candidates.find((path) => existsSync(path))
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms) }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Asks testcontainers for a container runtime; throws when no engine answers. */
export async function checkDockerEngine(timeoutMs = 5000): Promise<string> {
  const { getContainerRuntimeClient } = await import('testcontainers')
  const client = await withTimeout(getContainerRuntimeClient(), timeoutMs, 'finding a Docker engine')
  return `${client.info.containerRuntime.host} (server ${String(client.info.containerRuntime.serverVersion)})`
}

/**
 * Starts the image with `@testcontainers/redis`, persistence off. Loaded lazily: testcontainers
 * is an optional peer dependency.
 */
export async function startTestcontainer(image: string, cluster: boolean): Promise<RedisBackend> {
  if (cluster) {
    throw new ConfigError('session-testkit: startRedis({ cluster: true }) starts cluster nodes from the redis-server binary, not from testcontainers. Use strategy "binary" or "auto", or point REDIS_URL at a cluster node.')
  }
  const { RedisContainer } = await import('@testcontainers/redis')
  // --protected-mode no: connections arrive through Docker's port proxy, not from loopback.
  const container = await new RedisContainer(image)
    .withCommand(['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no'])
    .start()
  const host = container.getHost()
  const port = container.getPort()
  return {
    strategy: 'testcontainers',
    url: `redis://${host}:${port}`,
    nodes: [{ host, port }],
    owned: true,
    detail: `${image} container ${container.getId().slice(0, 12)} on ${host}:${port}`,
    async stop() {
      await container.stop()
    },
  }
}

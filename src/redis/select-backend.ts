import { ConfigError } from '../errors.js'
import { locateRedisServer, startBinary } from './strategy-binary.js'
import { checkDockerEngine, dockerEndpointHint, redisImage, startTestcontainer } from './strategy-testcontainers.js'
import { addressOf, probeRedis, redactUrl } from './probe.js'
import type { RedisBackend, RedisStrategy, RedisStrategyAttempt, RedisStrategyName, StartRedisOptions } from './types.js'

/** A strategy either yields a server or says why it was passed over. */
type Outcome = { backend: RedisBackend; reason: string } | { pass: string }

const ORDER: readonly RedisStrategyName[] = ['url', 'testcontainers', 'binary']

async function tryUrl(options: StartRedisOptions, cluster: boolean): Promise<Outcome> {
  const url = options.url ?? process.env.REDIS_URL
  if (!url) return { pass: 'REDIS_URL is not set' }
  const shown = redactUrl(url)
  const probe = await probeRedis(url).catch((error: unknown) => {
    throw new Error(`${shown} did not answer PING: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  })
  if (probe.clusterEnabled !== cluster) {
    return { pass: `${shown} is ${probe.clusterEnabled ? 'a cluster node' : 'not a cluster node'} and cluster: ${cluster} was asked` }
  }
  if (cluster && probe.clusterState !== 'ok') throw new Error(`${shown} reports cluster_state:${probe.clusterState ?? '?'}`)
  return {
    reason: `REDIS_URL=${shown}`,
    backend: { strategy: 'url', url, nodes: [addressOf(url)], owned: false, detail: shown, stop: async () => {} },
  }
}

async function tryTestcontainers(options: StartRedisOptions, cluster: boolean, explicit: boolean): Promise<Outcome> {
  if (cluster && !explicit) return { pass: 'cluster mode is started from the redis-server binary' }
  const hint = dockerEndpointHint()
  if (!hint && !explicit) return { pass: 'no Docker engine (DOCKER_HOST is unset and /var/run/docker.sock does not exist)' }
  let engine: string
  try {
    engine = await checkDockerEngine()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/Cannot find (module|package)/.test(message)) throw new Error('testcontainers is not installed (npm i -D testcontainers @testcontainers/redis)', { cause: error })
    throw new Error(`no Docker engine answered${hint ? ` at ${hint}` : ''}: ${message}`, { cause: error })
  }
  const image = redisImage(options.image)
  try {
    const backend = await startTestcontainer(image, cluster)
    return { backend, reason: `Docker engine at ${engine}, image ${image}` }
  } catch (error) {
    if (error instanceof ConfigError) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`image ${image} did not start (${message.split('\n')[0]}); without a registry, build one with .ci/docker-redis.sh and set SESSION_TESTKIT_REDIS_IMAGE`, { cause: error })
  }
}

async function tryBinary(options: StartRedisOptions, cluster: boolean): Promise<Outcome> {
  const binary = locateRedisServer(options.redisServer)
  if (!binary) return { pass: 'no redis-server on PATH (set SESSION_TESTKIT_REDIS_SERVER or install redis-server)' }
  return { backend: await startBinary(binary, cluster, options.persistence ?? false), reason: `${binary} on a free port` }
}

/**
 * Runs the strategies in order (`auto`) or the one asked for, recording why each was passed over.
 * Throws `ConfigError` listing every attempt when none yields a server.
 */
export async function selectBackend(options: StartRedisOptions, cluster: boolean): Promise<{ backend: RedisBackend; attempts: RedisStrategyAttempt[] }> {
  const strategy: RedisStrategy = options.strategy ?? 'auto'
  const order = strategy === 'auto' ? ORDER : [strategy]
  const attempts: RedisStrategyAttempt[] = []
  for (const name of order) {
    const started = performance.now()
    const ms = (): number => Math.round(performance.now() - started)
    try {
      const outcome = name === 'url' ? await tryUrl(options, cluster)
        : name === 'testcontainers' ? await tryTestcontainers(options, cluster, strategy !== 'auto')
          : await tryBinary(options, cluster)
      if ('pass' in outcome) {
        attempts.push({ strategy: name, outcome: 'passed over', reason: outcome.pass, ms: ms() })
        continue
      }
      attempts.push({ strategy: name, outcome: 'used', reason: outcome.reason, ms: ms() })
      return { backend: outcome.backend, attempts }
    } catch (error) {
      if (error instanceof ConfigError) throw error
      attempts.push({ strategy: name, outcome: 'failed', reason: error instanceof Error ? error.message : String(error), ms: ms() })
    }
  }
  const tried = attempts.map((a) => `${a.strategy}: ${a.reason}`).join('; ')
  throw new ConfigError(`session-testkit: no Redis server for strategy "${strategy}"${cluster ? ' (cluster)' : ''} (${tried}). Set REDIS_URL, start a Docker engine (.ci/docker-redis.sh), or install redis-server.`)
}

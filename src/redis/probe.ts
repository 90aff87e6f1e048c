import { Redis } from 'ioredis'

/** What one PING/INFO round trip learnt about a server. */
export interface RedisProbe {
  version: string
  clusterEnabled: boolean
  clusterState: string | undefined
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim()
}

/**
 * Connects once (no retries, bounded), PINGs and reads `INFO server` and `INFO cluster`.
 * Throws the connection or command error.
 */
export async function probeRedis(url: string, timeoutMs = 2000): Promise<RedisProbe> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  // The error surfaces through connect()/the command; this keeps it from being reported twice.
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    const server = await client.info('server')
    const cluster = await client.info('cluster')
    const clusterEnabled = field(cluster, 'cluster_enabled') === '1'
    return {
      version: field(server, 'redis_version') ?? 'unknown',
      clusterEnabled,
      clusterState: clusterEnabled ? field(String(await client.call('CLUSTER', 'INFO')), 'cluster_state') : undefined,
    }
  } finally {
    client.disconnect()
  }
}

/** Removes the password from a Redis URL for messages and reports. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '<unparsable REDIS_URL>'
  }
}

/** Host and port of a `redis://` URL. */
export function addressOf(url: string): { host: string; port: number } {
  const parsed = new URL(url)
  return { host: parsed.hostname || '127.0.0.1', port: parsed.port ? Number(parsed.port) : 6379 }
}

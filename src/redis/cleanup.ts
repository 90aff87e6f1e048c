import type { Cluster, Redis } from 'ioredis'

/** Escapes Redis glob specials so a prefix matches only itself in `SCAN MATCH`. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^-]/g, (c) => `\\${c}`)
}

async function deleteOnNode(node: Redis, prefix: string, inCluster: boolean): Promise<number> {
  let cursor = '0'
  let deleted = 0
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000)
    cursor = next
    // SCAN MATCH already filters; the startsWith check keeps a glob mistake from ever widening it.
    const own = keys.filter((k) => k.startsWith(prefix))
    if (own.length === 0) continue
    if (!inCluster) {
      // A standalone server takes the whole page in one UNLINK.
      deleted += await node.unlink(...own)
      continue
    }
    // One key per UNLINK: keys of one cluster node may still sit in different slots (CROSSSLOT).
    const pipeline = node.pipeline()
    for (const key of own) pipeline.unlink(key)
    const results = (await pipeline.exec()) ?? []
    for (const [error, count] of results) {
      if (error) throw error
      deleted += Number(count)
    }
  } while (cursor !== '0')
  return deleted
}

/**
 * Deletes the keys that start with `prefix` (SCAN + UNLINK), on every master of a cluster.
 * Never FLUSHALL/FLUSHDB: other keys on the server, whoever wrote them, are left intact.
 *
 * @example
 * ```ts
 * const deleted = await deleteKeysWithPrefix(client, 'stk:1a2b3c:')
 * ```
 */
export async function deleteKeysWithPrefix(client: Redis | Cluster, prefix: string): Promise<number> {
  if (prefix === '') throw new TypeError('session-testkit: refusing to delete keys under an empty prefix. Give each test a key prefix.')
  const cluster = isCluster(client)
  const nodes = cluster ? client.nodes('master') : [client]
  const counts = await Promise.all(nodes.map((node) => deleteOnNode(node, prefix, cluster)))
  return counts.reduce((a, b) => a + b, 0)
}

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true
}

import { accessSync, constants } from 'node:fs'
import { delimiter, dirname, isAbsolute, join } from 'node:path'

/** The absolute path of an executable `name` (absolute path, or searched on PATH), or `undefined`. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : [...extraDirs, ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)].map((dir) => join(dir, name))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here; keep looking
    }
  }
  return undefined
}

/** `redis-cli`, preferably beside the given `redis-server` so both come from one installation. */
export function findRedisCli(redisServer: string): string | undefined {
  return findExecutable('redis-cli', [dirname(redisServer)])
}

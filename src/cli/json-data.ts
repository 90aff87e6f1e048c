import { ConfigError } from '../errors.js'
import type { SessionData } from '../stores/types.js'

// S2: keys that would reach Object.prototype through a later merge in the app or in a test.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor'])

/**
 * Parses `--data` as a JSON object, refusing `__proto__` and `constructor` keys at any depth (S2)
 * and anything but an object (S3).
 *
 * @example
 * ```ts
 * parseSessionDataArgument('{"user_id":1}') // { user_id: 1 }
 * parseSessionDataArgument('{"__proto__":{"isAdmin":true}}') // throws ConfigError (S2)
 * ```
 */
export function parseSessionDataArgument(text: string, flag = '--data'): SessionData {
  let forbidden: string | undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden ??= key
      return value
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError(`session-testkit: ${flag} is not valid JSON (${reason}). Pass a JSON object such as '{"user_id":1}'.`)
  }
  if (forbidden !== undefined) {
    throw new ConfigError(`session-testkit: ${flag} has a "${forbidden}" key, which could pollute object prototypes (S2). Remove it.`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`session-testkit: ${flag} is not a JSON object. Pass session data such as '{"user_id":1}'.`)
  }
  return parsed as SessionData
}

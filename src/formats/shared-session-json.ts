import { SessionKitError } from '../errors.js'
import type { SessionData } from '../stores/types.js'

/**
 * Parses session JSON into a plain object. `__proto__` keys are dropped (S2): `JSON.parse` makes
 * them own properties, which a later `Object.assign` or deep merge in user code would turn into
 * prototype pollution. Anything but a JSON object is refused (S3).
 */
export function parseSessionJson(text: string, what: string): SessionData {
  let parsed: unknown
  try {
    parsed = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value))
  } catch (cause) {
    throw new SessionKitError(`session-testkit: ${what} is not valid JSON. Check that the cookie was set by the library this format describes.`, { cause })
  }
  if (!isSessionData(parsed)) {
    throw new SessionKitError(`session-testkit: ${what} is not a JSON object. Session data must be an object such as {"user_id": 42}.`)
  }
  return parsed
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isSessionData(value: unknown): value is SessionData {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

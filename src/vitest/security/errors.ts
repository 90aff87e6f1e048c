import { AssertionError } from 'node:assert'
import { ConfigError } from '../../errors.js'
import type { SecurityCheckId } from './types.js'

/**
 * A security check found a flaw: the message names the check ID, what was expected and what the
 * app did (cookie values redacted).
 *
 * @example
 * ```ts
 * await expect(securityChecks.L2(options)).rejects.toThrow(SecurityCheckError)
 * ```
 */
export class SecurityCheckError extends AssertionError {
  readonly checkId: SecurityCheckId

  constructor(checkId: SecurityCheckId, rule: string, expected: string, received: string) {
    super({ message: `session-testkit: ${checkId} failed: ${rule}. Expected ${expected}; received ${received.replace(/\.$/, '')}.` })
    this.name = 'SecurityCheckError'
    this.checkId = checkId
  }
}

/** Throws {@link SecurityCheckError} unless `ok`. */
export function check(ok: boolean, checkId: SecurityCheckId, rule: string, expected: string, received: () => string): void {
  if (!ok) throw new SecurityCheckError(checkId, rule, expected, received())
}

/** The suite's configuration cannot drive the check (not a finding about the app). */
export function setupError(checkId: SecurityCheckId, what: string, fix: string): ConfigError {
  return new ConfigError(`session-testkit: ${checkId} could not run: ${what}. ${fix}.`)
}

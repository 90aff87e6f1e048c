import { ConfigError } from '../../errors.js'
import { cookieAttributeChecks, cookieAttributeRules } from './cookie-attributes.js'
import { keyRotationChecks, keyRotationRules } from './key-rotation-checks.js'
import { lifecycleChecks, lifecycleRules } from './lifecycle-checks.js'
import { tamperChecks, tamperRules } from './tamper-checks.js'
import type { SecurityCheck, SecurityCheckId, SessionSecurityOptions } from './types.js'

/**
 * Every check `describeSessionSecurity` can generate, as a plain async function of the suite's
 * options: it resolves when the app passes and rejects with a `SecurityCheckError` naming the ID.
 *
 * @example
 * ```ts
 * await expect(securityChecks.L6(options)).rejects.toThrow(/L6/)
 * ```
 */
export const securityChecks: Readonly<Record<SecurityCheckId, SecurityCheck>> = Object.freeze({
  ...cookieAttributeChecks,
  ...lifecycleChecks,
  ...tamperChecks,
  ...keyRotationChecks,
})

/**
 * The rule each check states (the generated test is named `<ID>: <rule>`).
 *
 * @example
 * ```ts
 * securityCheckRules.L2 // 'after login, the pre-login cookie replayed is not authenticated'
 * ```
 */
export const securityCheckRules: Readonly<Record<SecurityCheckId, string>> = Object.freeze({
  ...cookieAttributeRules,
  ...lifecycleRules,
  ...tamperRules,
  ...keyRotationRules,
})

/** What {@link plannedChecks} decided. */
export interface SecurityCheckPlan {
  /** The checks to generate, in CHECKS.md order. */
  run: SecurityCheckId[]
  /** Checks not generated, with the reason (the user's `skip` reason, or the missing input). */
  notRun: Partial<Record<SecurityCheckId, string>>
}

/**
 * Which checks apply to the options: L3 and T6 need a server-side format, L15 `anonymous`, K4
 * `retiredKeyFormat`, K5 `unknownKeyFormat`; `skip` removes checks (each needs a reason).
 *
 * @example
 * ```ts
 * plannedChecks({ ...options, skip: { L6: 'stateless by design' } }).notRun // { L6: 'stateless by design', ... }
 * ```
 */
export function plannedChecks(options: SessionSecurityOptions): SecurityCheckPlan {
  const notRun: Partial<Record<SecurityCheckId, string>> = {}
  const serverSide = options.session.serverSide
  if (!serverSide) notRun.L3 = notRun.T6 = `${options.session.name} keeps the session in the cookie: no session id`
  if (options.anonymous === undefined) notRun.L15 = 'no anonymous path configured'
  if (options.retiredKeyFormat === undefined) notRun.K4 = 'no retiredKeyFormat configured'
  if (options.unknownKeyFormat === undefined) notRun.K5 = 'no unknownKeyFormat configured'
  for (const [id, reason] of Object.entries(options.skip ?? {})) {
    if (!(id in securityChecks)) {
      throw new ConfigError(`session-testkit: describeSessionSecurity cannot skip ${id}: it is not one of its checks (${Object.keys(securityChecks).join(', ')}). Remove it from skip.`)
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new ConfigError(`session-testkit: skip.${id} needs a reason. Pass e.g. skip: { ${id}: 'why this check does not apply' }.`)
    }
    notRun[id as SecurityCheckId] = reason
  }
  const run = (Object.keys(securityChecks) as SecurityCheckId[]).filter((id) => !(id in notRun))
  return { run, notRun }
}

import type { SessionFormat } from '../../formats/types.js'
import { assertInjectionAuthenticates, authenticatedData, injectedClient, isAuthenticatedStatus, probeWith, runCheck, type CheckRun } from './context.js'
import { check, setupError } from './errors.js'
import type { SecurityCheck } from './types.js'

/** The rule each key-rotation check states, used as its test name. */
export const keyRotationRules = {
  K4: 'a cookie signed with a retired key is anonymous',
  K5: 'a cookie signed with an unknown key is anonymous',
} as const

/** Injects a logged-in session signed by `format` and requires the probe to treat it as anonymous. */
async function expectForeignKeyAnonymous(run: CheckRun, format: SessionFormat | undefined, option: string, rule: string): Promise<void> {
  if (format === undefined) throw setupError(run.id, `no ${option} is configured`, `Pass ${option}: the app's format built with that key`)
  if (format.cookieName !== run.format.cookieName) {
    throw setupError(run.id, `${option} writes the cookie "${format.cookieName}", the app reads "${run.format.cookieName}"`, `Build ${option} with the app's cookie name`)
  }
  await assertInjectionAuthenticates(run)
  const client = await injectedClient(run, format, authenticatedData(run.options))
  const status = await probeWith(run, client, await client.cookieHeader(run.options.probe))
  check(!isAuthenticatedStatus(status), run.id, rule, `a non-2xx answer from ${run.options.probe}`, () => `HTTP ${status}: a session signed with the ${option === 'retiredKeyFormat' ? 'retired' : 'unknown'} key (${format.keysDescription}) was authenticated`)
}

/**
 * K4, K5: sessions signed with keys the app no longer (or never) trusts are anonymous.
 *
 * @example
 * ```ts
 * await keyRotationChecks.K4({ ...options, retiredKeyFormat: formats.reference({ ...config, secretKey: OLD_KEY }) })
 * ```
 */
export const keyRotationChecks = {
  K4: (options) => runCheck('K4', options, (run) => expectForeignKeyAnonymous(run, options.retiredKeyFormat, 'retiredKeyFormat', keyRotationRules.K4)),
  K5: (options) => runCheck('K5', options, (run) => expectForeignKeyAnonymous(run, options.unknownKeyFormat, 'unknownKeyFormat', keyRotationRules.K5)),
} satisfies Record<keyof typeof keyRotationRules, SecurityCheck>

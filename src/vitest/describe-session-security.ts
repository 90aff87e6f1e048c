import { describe, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { plannedChecks, securityCheckRules, securityChecks } from './security/checks.js'
import type { SessionSecurityOptions } from './security/types.js'

/**
 * Generates a vitest suite of session security checks (CHECKS.md) for an app: one `it` per check,
 * named `<ID>: <rule>`, e.g. `L2: after login, the pre-login cookie replayed is not authenticated`.
 * A check is generated only when its inputs are given (see `plannedChecks`); `skip` opts out with a
 * reason. Each test drives the app through fresh test clients and fails with a `SecurityCheckError`
 * naming the ID, what was expected and what the app did (cookie values redacted).
 *
 * @example
 * ```ts
 * describeSessionSecurity('my app', {
 *   app,
 *   session: formats.expressSession({ secret, store, name: 'sid' }),
 *   origin: 'https://app.test',
 *   login: { path: '/login', send: { email: 'ada@example.test', password: 'correct horse battery staple' } },
 *   logout: { path: '/logout' },
 *   probe: '/me',
 *   anonymous: '/',
 * })
 * ```
 */
export function describeSessionSecurity(name: string, options: SessionSecurityOptions): void {
  assertOptions(options)
  const plan = plannedChecks(options)
  describe(name, () => {
    for (const id of plan.run) {
      it(`${id}: ${securityCheckRules[id]}`, () => securityChecks[id](options))
    }
  })
}

function assertOptions(options: SessionSecurityOptions): void {
  const problems: string[] = []
  if (typeof options !== 'object' || options === null) throw new ConfigError('session-testkit: describeSessionSecurity needs options. Pass { app, session, login, logout, probe }.')
  if (options.app === undefined) problems.push('app (what createTestClient accepts)')
  if (typeof options.session?.read !== 'function') problems.push('session (the app\'s format, e.g. formats.reference(config))')
  if (options.login === undefined) problems.push('login ({ path, send } or (client) => request)')
  if (options.logout === undefined) problems.push('logout ({ path } or (client) => request)')
  if (typeof options.probe !== 'string' || !options.probe.startsWith('/')) problems.push('probe (a GET path answering 2xx only when logged in, e.g. \'/me\')')
  const samples = options.idSamples
  if (samples !== undefined && !(Number.isInteger(samples) && samples >= 20)) problems.push(`idSamples as an integer >= 20 (got ${String(samples)})`)
  if (problems.length > 0) throw new ConfigError(`session-testkit: describeSessionSecurity needs ${problems.join(', ')}. Pass them in the options.`)
}

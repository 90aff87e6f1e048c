import { expect } from 'vitest'
import { sessionMatchers } from './session-matchers.js'

// The one side effect of the package (package.json `sideEffects`): importing
// `session-testkit/vitest` registers the matchers.
expect.extend(sessionMatchers)

export { sessionMatchers } from './session-matchers.js'
export type { SetCookieView } from './cookie-view.js'
export type {
  AuthenticatedCheck,
  ClearCookieOptions,
  EndSessionOptions,
  ExpiringInOptions,
  RotateSessionOptions,
  SessionAction,
  SessionMatchers,
  SetCookieAttributes,
} from './types.js'
export { createSessionTest } from './create-session-test.js'
export { sessionFixtures } from './session-fixtures.js'
export type { SessionFixtureDefinitions, SessionTestFixtures, SessionTestOptions } from './session-fixtures.js'
export { describeSessionSecurity } from './describe-session-security.js'
export { plannedChecks, securityCheckRules, securityChecks } from './security/checks.js'
export type { SecurityCheckPlan } from './security/checks.js'
export { SecurityCheckError } from './security/errors.js'
export type { SecurityCheck, SecurityCheckId, SecurityRequest, SessionSecurityOptions } from './security/types.js'

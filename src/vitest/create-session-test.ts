import { test } from 'vitest'
import type { TestAPI } from 'vitest'
import { sessionFixtures, type SessionTestFixtures, type SessionTestOptions } from './session-fixtures.js'

/**
 * vitest's `test` extended with session fixtures: `client` (a fresh test client per test),
 * `user` and `admin` (from the user factory, when given) and `loginAs(user)`, which logs the
 * client in by injecting the session (`login(session, user)`, default `session.user_id = user.id`).
 *
 * @example
 * ```ts
 * const it = createSessionTest({ app, session: formats.expressSession({ secret, store }), users: await createUserFactory({ seed: 1 }) })
 * it('shows the profile', async ({ client, user, loginAs }) => {
 *   await loginAs(user)
 *   await client.get('/me').expect(200)
 * })
 * ```
 */
export function createSessionTest(options: SessionTestOptions): TestAPI<SessionTestFixtures> {
  return test.extend<SessionTestFixtures>(sessionFixtures(options))
}

import { createTestClient, sessionTransaction } from '../client/index.js'
import type { TestClientApp } from '../client/index.js'
import type { TestClient } from '../client/types.js'
import type { User } from '../fixtures/user.js'
import type { UserFactory } from '../fixtures/user-factory.js'
import type { SessionFormat } from '../formats/types.js'
import type { SessionData } from '../stores/types.js'

/** Options of {@link createSessionTest} and {@link sessionFixtures}. */
export interface SessionTestOptions {
  /** What the client talks to: a request listener, an `http.Server`, or a base URL. */
  app: TestClientApp
  /** The app's session format, e.g. `formats.expressSession({ secret, store })`. */
  session: SessionFormat
  /** The client's origin (default `http://127.0.0.1`; use `https://…` for Secure cookies). */
  origin?: string | URL
  /** A user factory (`await createUserFactory({ seed })`, or the promise of one) for `user` and `admin`. */
  users?: UserFactory | Promise<UserFactory>
  /** How the app marks a logged-in session (default `session.user_id = user.id`). */
  login?: (session: SessionData, user: User) => void | Promise<void>
}

/** The fixtures {@link createSessionTest} adds to vitest's `test`. */
export interface SessionTestFixtures {
  /** A fresh test client per test, closed after it. */
  client: TestClient
  /** A fresh user from the factory (`users.build()`). */
  user: User
  /** A fresh admin from the factory (`users.with('admin').build()`). */
  admin: User
  /** Logs `client` in as `user` by injecting the session (no login form). */
  loginAs: (user: User) => Promise<void>
}

type Use<T> = (value: T) => Promise<void>

/** The fixture functions, for `test.extend(sessionFixtures(options))`. */
export interface SessionFixtureDefinitions {
  client: (context: object, use: Use<TestClient>) => Promise<void>
  user: (context: object, use: Use<User>) => Promise<void>
  admin: (context: object, use: Use<User>) => Promise<void>
  loginAs: (context: { client: TestClient }, use: Use<(user: User) => Promise<void>>) => Promise<void>
}

const defaultLogin = (session: SessionData, user: User): void => {
  session.user_id = user.id
}

/**
 * The fixtures of {@link createSessionTest} as a plain object, for composing your own `test.extend`.
 *
 * @example
 * ```ts
 * import { test as base } from 'vitest'
 * import { sessionFixtures, type SessionTestFixtures } from 'session-testkit/vitest'
 * export const test = base.extend<SessionTestFixtures & { db: Db }>({ ...sessionFixtures({ app, session }), db: async ({}, use) => use(db) })
 * ```
 */
export function sessionFixtures(options: SessionTestOptions): SessionFixtureDefinitions {
  const { app, session } = options
  const login = options.login ?? defaultLogin
  const factory = async (role: 'user' | 'admin'): Promise<UserFactory> => {
    if (options.users === undefined) {
      throw new TypeError(`session-testkit: the "${role}" fixture needs a user factory. Pass createSessionTest({ app, session, users: await createUserFactory({ seed: 1 }) }).`)
    }
    return options.users
  }
  return {
    // vitest reads each fixture's dependencies from the destructuring pattern of its first parameter.
    // eslint-disable-next-line no-empty-pattern
    client: async ({}, use) => {
      const client = createTestClient(app, { session, ...(options.origin === undefined ? {} : { origin: options.origin }) })
      try {
        await use(client)
      } finally {
        await client.close()
      }
    },
    // eslint-disable-next-line no-empty-pattern
    user: async ({}, use) => {
      await use((await factory('user')).build())
    },
    // eslint-disable-next-line no-empty-pattern
    admin: async ({}, use) => {
      await use((await factory('admin')).with('admin').build())
    },
    loginAs: async ({ client }, use) => {
      await use(async (user) => {
        await sessionTransaction(client, (data) => login(data, user))
      })
    },
  }
}

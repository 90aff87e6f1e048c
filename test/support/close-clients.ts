/** Closes the test clients a test file creates, after each test. */
import { afterEach } from 'vitest'
import type { TestClient } from '../../src/client/types.js'

/**
 * Registers an `afterEach` (in the calling file or `describe`) that closes every client passed to
 * the returned `track` since the previous test. `track` returns its argument.
 */
export function closeClientsAfterEach(): <Client extends TestClient>(client: Client) => Client {
  const clients: TestClient[] = []
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()))
  })
  return (client) => {
    clients.push(client)
    return client
  }
}

/** The message of the error `promise` rejects with (a failing matcher's); throws if it resolves. */
export async function failureMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected the matcher to fail')
}

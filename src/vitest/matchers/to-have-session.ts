import type { MatcherState } from 'vitest'
import { readSession } from '../../client/index.js'
import { hint, lines } from '../format-message.js'
import { asSessionClient } from '../receivers.js'
import type { SessionMatcherResult } from '../types.js'

const MATCHER = 'toHaveSession'

/**
 * `await expect(client).toHaveSession(partial)`: the session the client carries, decoded and
 * verified through its format, contains `partial` (as `toMatchObject`; asymmetric matchers allowed).
 *
 * @example
 * ```ts
 * await expect(client).toHaveSession({ user_id: 42 })
 * await expect(client).not.toHaveSession({ user_id: expect.anything() })
 * ```
 */
export async function toHaveSession(this: MatcherState, received: unknown, partial: Record<string, unknown>): Promise<SessionMatcherResult> {
  const { client, format } = asSessionClient(received, MATCHER)
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new TypeError(`session-testkit: ${MATCHER} takes an object of expected session entries; received ${partial === null ? 'null' : typeof partial}. Pass e.g. { user_id: 42 }.`)
  }
  const show = (v: unknown): string => this.utils.stringify(v, 4, { min: true })
  const head = `await ${hint(MATCHER, this.isNot, show(partial), 'client')}`
  const subject = `the ${format.name} session (cookie "${format.cookieName}")`
  const data = await readSession(client)
  if (data === null) {
    return { pass: false, message: () => lines(head, `the client carries no ${format.name} session cookie "${format.cookieName}".`), actual: null, expected: partial }
  }
  const pass = this.equals(data, partial, [...this.customTesters, this.utils.iterableEquality, this.utils.subsetEquality])
  const differing = Object.keys(partial).filter((k) => !this.equals(data[k], partial[k], [...this.customTesters, this.utils.iterableEquality, this.utils.subsetEquality]))
  const actual: Record<string, unknown> = {}
  for (const k of Object.keys(partial)) actual[k] = data[k]
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `${subject} contains ${show(partial)}; expected it not to.`)
        : lines(head, `${subject} does not contain the expected entries:\n${differing.map((k) => `  ${k}: expected ${show(partial[k])}, received ${show(data[k])}`).join('\n')}`, `Session keys: ${Object.keys(data).join(', ') || '(none)'}`),
    actual,
    expected: partial,
  }
}

import type { MatcherState } from 'vitest'
import { checkCleared } from '../clear-problems.js'
import { hint, lines, showHeaders } from '../format-message.js'
import { actionSetCookies, assertAction, assertProbePath, replayToProbe, snapshotSession } from '../lifecycle.js'
import { asSessionClient } from '../receivers.js'
import type { EndSessionOptions, SessionAction, SessionMatcherResult } from '../types.js'

const MATCHER = 'toEndSessionOn'

/**
 * `await expect(client).toEndSessionOn(action, { probe })`: the client must be logged in (its
 * cookie makes `probe` answer 2xx). After `action` (typically the logout request) the response
 * clears the session cookie with its Path and Domain (L5), the store entry is gone (server-side
 * formats), and the cookie captured before the action, replayed to `probe`, is not authenticated
 * (L6). Stateless cookies without a revocation mechanism fail L6.
 *
 * @example
 * ```ts
 * await expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })
 * ```
 */
export async function toEndSessionOn(this: MatcherState, received: unknown, action: SessionAction, options: EndSessionOptions): Promise<SessionMatcherResult> {
  const { client, format } = asSessionClient(received, MATCHER)
  assertAction(action, MATCHER)
  assertProbePath(options?.probe, MATCHER, true)
  const { probe } = options
  const head = `await ${hint(MATCHER, this.isNot, `action, { probe: ${JSON.stringify(probe)} }`, 'client')}`
  const subject = `session cookie "${format.cookieName}" (${format.name})`

  const before = await snapshotSession(client, probe)
  if (before.read === null) {
    throw new TypeError(`session-testkit: ${MATCHER} needs a client that carries a session before the action. Log it in first (loginAs, sessionTransaction or a login request).`)
  }
  const pre = await replayToProbe(client, probe, before.probeCookieHeader, options.authenticated)
  if (!pre.authenticated) {
    throw new TypeError(`session-testkit: ${MATCHER}: before the action ${probe} answered HTTP ${pre.status} to the client's session, so it is not logged in and ending the session would prove nothing. Log the client in first, or pass { authenticated } to say how ${probe} shows a logged-in session.`)
  }

  const result = await action()
  const setCookies = actionSetCookies(result)
  const problems: string[] = []
  let cleared: boolean
  if (setCookies !== undefined) {
    const check = checkCleared(setCookies, format.cookieName, options.cookie)
    cleared = check.problems.length === 0
    problems.push(...check.problems.map((p) => `L5 ${p}`))
  } else {
    cleared = !(await client.cookieMap()).has(format.cookieName)
    if (!cleared) problems.push('L5 the client still holds the session cookie after the action (return the response from the action to check its deletion header)')
  }
  let stored = false
  const oldId = before.read.id
  if (format.serverSide && oldId !== undefined && format.hasStoredSession) {
    stored = await format.hasStoredSession(oldId)
    if (stored) problems.push('L6 the store still holds the session: it was not destroyed')
  }
  const replay = await replayToProbe(client, probe, before.probeCookieHeader, options.authenticated)
  if (replay.authenticated) {
    problems.push(`L6 the cookie captured before the action, replayed to ${probe}, is still authenticated (HTTP ${replay.status})${format.serverSide ? '' : ': a stateless cookie needs a revocation mechanism'}`)
  }

  const pass = problems.length === 0
  const shown = setCookies === undefined ? undefined : `The action's response:\n${showHeaders(setCookies)}`
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `${subject} was ended by the action (cookie cleared, ${format.serverSide ? 'store entry gone, ' : ''}replayed cookie anonymous at ${probe}); expected it not to be (L5, L6).`, shown)
        : lines(head, `${subject} was not ended by the action:\n${problems.map((p) => `  ${p}`).join('\n')}`, shown),
    actual: { cookieCleared: cleared, storeEntryExists: stored, replayAuthenticated: replay.authenticated },
    expected: { cookieCleared: true, storeEntryExists: false, replayAuthenticated: false },
  }
}

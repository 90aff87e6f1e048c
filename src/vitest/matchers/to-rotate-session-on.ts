import type { MatcherState } from 'vitest'
import { sessionTransaction } from '../../client/index.js'
import { hint, lines, showHeaders } from '../format-message.js'
import { actionSetCookies, assertAction, assertProbePath, newProbeValue, PROBE_KEY, replayToProbe, snapshotSession } from '../lifecycle.js'
import { asSessionClient } from '../receivers.js'
import type { RotateSessionOptions, SessionAction, SessionMatcherResult } from '../types.js'

const MATCHER = 'toRotateSessionOn'

/**
 * `await expect(client).toRotateSessionOn(action, { probe }?)`: plants a probe key in the client's
 * session through its format, runs `action` (typically the login request), then checks that the
 * probe key is gone and the session id (server-side formats) or cookie value changed (L1), and that
 * the pre-action cookie replayed carries no session: its store entry is gone, and with `probe` the
 * replay to that path is not authenticated (L2). Session fixation fails both. A stateless format
 * (the cookie carries the data) has no store entry to look at: pass `probe` to check L2 for it.
 *
 * @example
 * ```ts
 * await expect(client).toRotateSessionOn(() => client.post('/login').send(credentials))
 * await expect(client).toRotateSessionOn(() => client.post('/login').send(credentials), { probe: '/me' })
 * ```
 */
export async function toRotateSessionOn(this: MatcherState, received: unknown, action: SessionAction, options: RotateSessionOptions = {}): Promise<SessionMatcherResult> {
  const { client, format } = asSessionClient(received, MATCHER)
  assertAction(action, MATCHER)
  assertProbePath(options.probe, MATCHER, false)
  const head = `await ${hint(MATCHER, this.isNot, options.probe === undefined ? 'action' : `action, { probe: ${JSON.stringify(options.probe)} }`, 'client')}`
  const subject = `session cookie "${format.cookieName}" (${format.name})`

  const probeValue = newProbeValue()
  await sessionTransaction(client, (session) => {
    session[PROBE_KEY] = probeValue
  })
  const before = await snapshotSession(client, options.probe)
  const result = await action()
  const after = await snapshotSession(client)

  const problems: string[] = []
  const hasSession = after.read !== null && (!format.serverSide || after.read.id !== undefined)
  const probeSurvived = after.read?.data[PROBE_KEY] === probeValue
  const rotated = format.serverSide ? after.read?.id !== before.read?.id : after.cookieValue !== before.cookieValue
  if (!hasSession) problems.push('L1 after the action the client carries no session; expected a new one')
  if (probeSurvived) problems.push('L1 the probe key planted before the action survived it: the pre-action session was kept')
  if (hasSession && !rotated) problems.push(format.serverSide ? 'L1 the session id did not change' : 'L1 the session cookie value did not change')

  let replayCarriesSession = false
  const oldId = before.read?.id
  if (format.serverSide && oldId !== undefined) {
    replayCarriesSession = format.hasStoredSession
      ? await format.hasStoredSession(oldId)
      : (await format.read(new Map([[format.cookieName, before.cookieValue ?? '']])))?.id !== undefined
    if (replayCarriesSession) problems.push('L2 the pre-action session is still in the store: replaying the pre-action cookie resumes it')
  }
  if (options.probe !== undefined) {
    const replay = await replayToProbe(client, options.probe, before.probeCookieHeader, options.authenticated)
    if (replay.authenticated) {
      replayCarriesSession = true
      problems.push(`L2 the pre-action cookie replayed to ${options.probe} is authenticated (HTTP ${replay.status})`)
    }
  }

  const pass = problems.length === 0
  const l2 = (format.serverSide && oldId !== undefined) || options.probe !== undefined ? 'pre-action cookie carries no session' : 'L2 unchecked: pass { probe } for a stateless format'
  const setCookies = actionSetCookies(result)
  const shown = setCookies === undefined ? undefined : `The action's response:\n${showHeaders(setCookies)}`
  return {
    pass,
    message: () =>
      pass
        ? lines(head, `${subject} was rotated by the action (probe key gone, ${format.serverSide ? 'new session id' : 'new cookie value'}, ${l2}); expected it not to be (L1, L2).`, shown)
        : lines(head, `${subject} was not rotated by the action:\n${problems.map((p) => `  ${p}`).join('\n')}`, shown),
    actual: { newSession: hasSession, probeSurvived, rotated, replayCarriesSession },
    expected: { newSession: true, probeSurvived: false, rotated: true, replayCarriesSession: false },
  }
}

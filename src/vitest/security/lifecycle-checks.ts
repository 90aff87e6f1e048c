import { readSessionDetails, sessionTransaction } from '../../client/index.js'
import { storeFormatCookies } from '../../client/session-access.js'
import type { TestClient } from '../../client/types.js'
import { getCookieAttribute, redactCookieValue, redactSetCookie } from '../../cookies/index.js'
import { checkCleared } from '../clear-problems.js'
import { newProbeValue, PROBE_KEY } from '../lifecycle.js'
import { isAuthenticatedStatus, loggedInClient, probeWith, runCheck, send, sessionSetCookie, setCookieHeaders, type CheckRun } from './context.js'
import { check, setupError } from './errors.js'
import type { SecurityCheck, SecurityRequest } from './types.js'

/** The rule each lifecycle check states, used as its test name. */
export const lifecycleRules = {
  L1: 'login issues a new session: a key planted before login does not survive it',
  L2: 'after login, the pre-login cookie replayed is not authenticated',
  L3: 'a validly signed, never-issued session id is not adopted and creates no store record',
  L5: 'logout sends a deletion header with the cookie\'s name, Path and Domain',
  L6: 'after logout, the cookie captured before logout replayed is not authenticated',
  L15: 'an anonymous request that stores nothing gets no session cookie',
} as const

async function logIn(run: CheckRun, client: TestClient): Promise<void> {
  const res = await send(run, client, run.options.login, 'login')
  const status = await probeWith(run, client, await client.cookieHeader(run.options.probe))
  if (!isAuthenticatedStatus(status)) {
    throw setupError(run.id, `after login (${res.status}) the probe ${run.options.probe} answered ${status}`, 'Check the login credentials and the client origin (\'https://...\' for Secure cookies)')
  }
}

const L1: SecurityCheck = (options) =>
  runCheck('L1', options, async (run) => {
    const client = run.client()
    const probe = newProbeValue()
    await sessionTransaction(client, (s) => { s[PROBE_KEY] = probe })
    const before = await readSessionDetails(client)
    const cookieBefore = (await client.cookieMap()).get(run.format.cookieName)
    await logIn(run, client)
    const after = await readSessionDetails(client)
    check(after?.data[PROBE_KEY] !== probe, 'L1', lifecycleRules.L1, `no "${PROBE_KEY}" after login`, () => `"${PROBE_KEY}" kept its pre-login value: the pre-login session was reused (session fixation)`)
    if (run.format.serverSide) {
      check(after?.id !== before?.id, 'L1', lifecycleRules.L1, 'a new session id after login', () => `the same id ${redactCookieValue(after?.id ?? '')}`)
    } else {
      const cookieAfter = (await client.cookieMap()).get(run.format.cookieName)
      check(cookieAfter !== cookieBefore, 'L1', lifecycleRules.L1, 'a new session cookie after login', () => 'the pre-login cookie value unchanged')
    }
  })

const L2: SecurityCheck = (options) =>
  runCheck('L2', options, async (run) => {
    const client = run.client()
    await sessionTransaction(client, (s) => { s[PROBE_KEY] = newProbeValue() })
    const preLogin = await client.cookieHeader(options.probe)
    await logIn(run, client)
    const status = await probeWith(run, client, preLogin)
    check(!isAuthenticatedStatus(status), 'L2', lifecycleRules.L2, `a non-2xx answer from ${options.probe}`, () => `HTTP ${status}: the pre-login session was authenticated by the login (session fixation)`)
  })

const L3: SecurityCheck = (options) =>
  runCheck('L3', options, async (run) => {
    const { format } = run
    // A validly signed id the app never issued: written through the format, then removed by the app's logout.
    const forged = await format.write({}, null)
    const id = (await format.read(new Map(forged.map((c) => [c.name, c.value]))))?.id
    if (id === undefined) throw setupError('L3', `the ${format.name} format wrote no session id`, 'L3 applies to server-side formats only; pass skip: { L3: reason }')
    const retire = run.client()
    await storeFormatCookies(retire, format.name, forged)
    await send(run, retire, options.logout, 'logout')
    if (format.hasStoredSession !== undefined && (await format.hasStoredSession(id))) {
      throw setupError('L3', 'logout left the store entry of the planted id in place (see L6)', 'L3 needs a logout that destroys the session; fix L6 first')
    }
    // `write` is the request that would store data under an adopted id; login and the probe must not adopt it either.
    const requests: Array<[string, SecurityRequest]> = [['login', options.login], ['probe', { path: options.probe, method: 'get' }]]
    if (options.write !== undefined) requests.unshift(['write', options.write])
    for (const [role, request] of requests) {
      const client = run.client()
      await storeFormatCookies(client, format.name, forged)
      const res = await send(run, client, request, role)
      const cookie = sessionSetCookie(res, format)
      const issued = cookie === undefined ? undefined : await format.read(new Map([[format.cookieName, cookie.value]])).then((r) => r?.id, () => undefined)
      check(issued !== id, 'L3', lifecycleRules.L3, `the ${role} request to issue a fresh id`, () => `it re-issued the planted id ${redactCookieValue(id)}`)
      const stored = format.hasStoredSession !== undefined && (await format.hasStoredSession(id))
      check(!stored, 'L3', lifecycleRules.L3, `no store record for the planted id after the ${role} request`, () => `a record under ${redactCookieValue(id)}: the app adopted an id it never issued`)
    }
  })

const L5: SecurityCheck = (options) =>
  runCheck('L5', options, async (run) => {
    const { client, res: loginRes } = await loggedInClient(run)
    const set = sessionSetCookie(loginRes, run.format)
    const path = set === undefined ? '/' : (getCookieAttribute(set, 'Path')?.value ?? '/')
    const domain = set === undefined ? undefined : getCookieAttribute(set, 'Domain')?.value
    const res = await send(run, client, options.logout, 'logout')
    const headers = setCookieHeaders(res)
    const { problems } = checkCleared(headers, run.format.cookieName, domain === undefined ? { path } : { path, domain })
    check(problems.length === 0, 'L5', lifecycleRules.L5, `a deletion header for "${run.format.cookieName}" with Path=${path}${domain === undefined ? '' : `, Domain=${domain}`}`, () => `${problems.join('; ')} (Set-Cookie: ${headers.length === 0 ? 'none' : headers.map(redactSetCookie).join(' | ')})`)
  })

const L6: SecurityCheck = (options) =>
  runCheck('L6', options, async (run) => {
    const { client } = await loggedInClient(run)
    const captured = await client.cookieHeader(options.probe)
    await send(run, client, options.logout, 'logout')
    const status = await probeWith(run, client, captured)
    check(!isAuthenticatedStatus(status), 'L6', lifecycleRules.L6, `a non-2xx answer from ${options.probe}`, () => `HTTP ${status}: the logged-out session is still valid (revoke it server-side)`)
  })

const L15: SecurityCheck = (options) =>
  runCheck('L15', options, async (run) => {
    const path = options.anonymous
    if (path === undefined) throw setupError('L15', 'no anonymous path is configured', 'Pass anonymous: \'/\' (a GET that stores nothing)')
    const res = await run.client().request('get', path, { cookies: 'none' })
    if (res.status >= 400) throw setupError('L15', `GET ${path} answered ${res.status}`, 'Pass as anonymous a GET path that answers without a login')
    const name = run.format.cookieName
    const set = setCookieHeaders(res).filter((h) => h.startsWith(`${name}=`) || h.startsWith(`${name}.`))
    check(set.length === 0, 'L15', lifecycleRules.L15, 'no session Set-Cookie', () => set.map(redactSetCookie).join(' | '))
  })

/**
 * L1, L2, L3, L5, L6, L15: login and logout flows.
 *
 * @example
 * ```ts
 * await lifecycleChecks.L6(options)
 * ```
 */
export const lifecycleChecks = { L1, L2, L3, L5, L6, L15 } satisfies Record<keyof typeof lifecycleRules, SecurityCheck>

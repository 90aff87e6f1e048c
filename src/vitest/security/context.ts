import type { Response } from 'supertest'
import { createTestClient } from '../../client/create-test-client.js'
import { storeFormatCookies } from '../../client/session-access.js'
import type { TestClient } from '../../client/types.js'
import { isDeletionCookie, parseSetCookie, type ParsedSetCookie } from '../../cookies/index.js'
import type { FormatCookie, SessionFormat } from '../../formats/types.js'
import type { SessionData } from '../../stores/types.js'
import { setupError } from './errors.js'
import type { SecurityCheckId, SecurityRequest, SessionSecurityOptions } from './types.js'

/** What one check run works with: fresh clients on the app, closed when the check ends. */
export interface CheckRun {
  readonly id: SecurityCheckId
  readonly options: SessionSecurityOptions
  readonly format: SessionFormat
  /** A fresh client (empty jar) on the app, with the app's format unless another is given. */
  client(format?: SessionFormat): TestClient
}

/** Runs `body` with a {@link CheckRun}, closing every client it opened. */
export async function runCheck(id: SecurityCheckId, options: SessionSecurityOptions, body: (run: CheckRun) => Promise<void>): Promise<void> {
  const clients: TestClient[] = []
  const run: CheckRun = {
    id,
    options,
    format: options.session,
    client(format = options.session) {
      const client = createTestClient(options.app, { session: format, origin: options.origin ?? 'https://app.test' })
      clients.push(client)
      return client
    },
  }
  try {
    await body(run)
  } finally {
    await Promise.all(clients.map((c) => c.close()))
  }
}

/** Sends a configured request; a function request must resolve to the response. */
export async function send(run: CheckRun, client: TestClient, request: SecurityRequest, role: string): Promise<Response> {
  const res = typeof request === 'function' ? await request(client) : await sendSpec(client, request)
  if (typeof res !== 'object' || res === null || typeof (res as { status?: unknown }).status !== 'number') {
    throw setupError(run.id, `the ${role} function resolved to ${res === null ? 'null' : typeof res}, not a response`, `Return the request, e.g. ${role}: (client) => client.post('/${role}').send(body)`)
  }
  return res as Response
}

function sendSpec(client: TestClient, spec: Exclude<SecurityRequest, (...args: never[]) => unknown>): Promise<Response> {
  const test = client.request(spec.method ?? 'post', spec.path)
  return spec.send === undefined ? test : test.send(spec.send)
}

/** Every Set-Cookie header of a response. */
export function setCookieHeaders(res: Response): string[] {
  const raw = res.headers['set-cookie'] as string[] | string | undefined
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
}

/** The last non-deletion Set-Cookie for the session cookie, parsed, or `undefined`. */
export function sessionSetCookie(res: Response, format: SessionFormat): ParsedSetCookie | undefined {
  let found: ParsedSetCookie | undefined
  for (const header of setCookieHeaders(res)) {
    const cookie = parseSetCookie(header)
    if (cookie.name === format.cookieName && !isDeletionCookie(cookie)) found = cookie
  }
  return found
}

export const isAuthenticatedStatus = (status: number): boolean => status >= 200 && status < 300

/** GETs the probe with exactly `cookieHeader` (the jar is left alone); `''` sends no cookie. */
export async function probeWith(run: CheckRun, client: TestClient, cookieHeader: string): Promise<number> {
  const res = await client.request('get', run.options.probe, { cookies: cookieHeader === '' ? 'none' : cookieHeader })
  return res.status
}

/** Logs a fresh client in and makes sure the probe tells logged-in from anonymous (else the check proves nothing). */
export async function loggedInClient(run: CheckRun): Promise<{ client: TestClient; res: Response }> {
  const client = run.client()
  const anonymous = await probeWith(run, client, '')
  if (isAuthenticatedStatus(anonymous)) {
    throw setupError(run.id, `the probe ${run.options.probe} answered ${anonymous} without any cookie`, 'Pass as probe a GET path that answers 2xx only to a logged-in session')
  }
  const res = await send(run, client, run.options.login, 'login')
  const status = await probeWith(run, client, await client.cookieHeader(run.options.probe))
  if (!isAuthenticatedStatus(status)) {
    throw setupError(run.id, `after login (${res.status}) the probe ${run.options.probe} answered ${status}`, 'Check the login credentials and that the client origin matches the cookie (origin: \'https://...\' for Secure cookies)')
  }
  return { client, res }
}

/** Session data that the app treats as logged in, per `options.authenticate` (default `user_id = 1`). */
export function authenticatedData(options: SessionSecurityOptions): SessionData {
  const data: SessionData = {}
  if (options.authenticate) options.authenticate(data)
  else data.user_id = 1
  return data
}

/** Writes `data` with `format` into a fresh client's jar (as sessionTransaction would) and returns the client. */
export async function injectedClient(run: CheckRun, format: SessionFormat, data: SessionData): Promise<TestClient> {
  const client = run.client(format)
  const cookies: FormatCookie[] = await format.write({ ...data }, null)
  await storeFormatCookies(client, format.name, cookies)
  return client
}

/**
 * The control of T3, K4, K5: the same data injected with the app's own format is logged in.
 * Otherwise `authenticate` does not describe a logged-in session and a rejection would prove nothing.
 */
export async function assertInjectionAuthenticates(run: CheckRun): Promise<void> {
  const client = await injectedClient(run, run.format, authenticatedData(run.options))
  const status = await probeWith(run, client, await client.cookieHeader(run.options.probe))
  if (!isAuthenticatedStatus(status)) {
    throw setupError(run.id, `a session injected with the app's own format answered ${status} on ${run.options.probe}`, 'Pass authenticate: (session) => { ... } that sets what your app reads as a logged-in user, and the same keys and store as the app')
  }
}

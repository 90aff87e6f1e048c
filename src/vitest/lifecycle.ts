import type { Response } from 'supertest'
import { readSessionDetails } from '../client/index.js'
import type { TestClient } from '../client/types.js'
import type { SessionRead } from '../formats/types.js'
import type { AuthenticatedCheck, SessionAction } from './types.js'

/** The session key the lifecycle matchers plant before the action (L1). */
export const PROBE_KEY = 'session_testkit_probe'

let probeCount = 0
/**
 * A fresh probe value: only this call's value counts as surviving. It need not be secret, and a
 * per-process sequence keeps failure messages (which show the redacted response) reproducible.
 */
export const newProbeValue = (): string => `probe-${++probeCount}`

/** What the client carried at one moment: the session as decoded, the raw cookie, the Cookie headers. */
export interface SessionSnapshot {
  read: SessionRead | null
  /** The raw value of the session cookie (never printed). */
  cookieValue: string | undefined
  /** The Cookie header the client would send to `/` (and to the probe path, when one is given). */
  cookieHeader: string
  probeCookieHeader: string
}

/** Captures the client's session before or after an action. */
export async function snapshotSession(client: TestClient, probe?: string): Promise<SessionSnapshot> {
  const format = client.session
  const read = await readSessionDetails(client)
  const cookies = await client.cookieMap()
  const cookieHeader = await client.cookieHeader('/')
  return {
    read,
    cookieValue: format ? cookies.get(format.cookieName) : undefined,
    cookieHeader,
    probeCookieHeader: probe === undefined ? cookieHeader : await client.cookieHeader(probe),
  }
}

/** Validates a lifecycle matcher's action: a function returning a request or a promise. */
export function assertAction(action: unknown, matcher: string): asserts action is SessionAction {
  if (typeof action !== 'function') {
    throw new TypeError(`session-testkit: ${matcher} takes the action as a function; received ${typeof action}. Pass e.g. () => client.post('/login').send(credentials).`)
  }
}

/** The Set-Cookie headers of the action's result when it is an HTTP response, else `undefined`. */
export function actionSetCookies(result: unknown): string[] | undefined {
  if (typeof result !== 'object' || result === null) return undefined
  const headers = (result as { headers?: unknown }).headers
  if (typeof headers !== 'object' || headers === null) return undefined
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.getSetCookie()
  const raw = (headers as Record<string, unknown>)['set-cookie']
  return raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)]
}

/** Default {@link AuthenticatedCheck}: a 2xx answer means the probe saw an authenticated session. */
const isAuthenticated: AuthenticatedCheck = (res) => res.status >= 200 && res.status < 300

/** Replays a captured Cookie header to `probe` (the jar is left alone) and judges the answer. */
export async function replayToProbe(client: TestClient, probe: string, cookieHeader: string, authenticated: AuthenticatedCheck = isAuthenticated): Promise<{ status: number; authenticated: boolean }> {
  const res: Response = await client.request('get', probe, { cookies: cookieHeader === '' ? 'none' : cookieHeader })
  return { status: res.status, authenticated: authenticated(res) }
}

/** Validates the `probe` option of a lifecycle matcher. */
export function assertProbePath(probe: unknown, matcher: string, required: boolean): void {
  if (probe === undefined && !required) return
  if (typeof probe !== 'string' || !probe.startsWith('/')) {
    throw new TypeError(`session-testkit: ${matcher} needs { probe: '/path' }, a path that answers 2xx only to a logged-in session; received ${probe === undefined ? 'none' : JSON.stringify(probe)}. Pass e.g. { probe: '/me' }.`)
  }
}

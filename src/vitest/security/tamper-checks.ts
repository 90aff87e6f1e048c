import { readSessionDetails } from '../../client/index.js'
import type { TestClient } from '../../client/types.js'
import { redactCookieValue } from '../../cookies/index.js'
import { assertInjectionAuthenticates, authenticatedData, isAuthenticatedStatus, loggedInClient, probeWith, runCheck, send, type CheckRun } from './context.js'
import { check, setupError } from './errors.js'
import { estimateIdBits } from './id-entropy.js'
import type { SecurityCheck } from './types.js'

/** The rule each tamper check states, used as its test name. */
export const tamperRules = {
  T1: 'any single-character change in the session cookie is anonymous, never a 5xx',
  T2: 'malformed session cookies are anonymous, never a 5xx',
  T3: 'an unsigned forgery (base64 JSON of a logged-in session) is anonymous',
  T6: 'issued session ids are unique and carry at least 128 random bits',
} as const

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const MAX_POSITIONS = 48
const LANES = 8

/**
 * Another character at the same place. Base64 characters get their top bit flipped: the last
 * character of an unpadded base64 string carries only its top bits, so a neighbour ('A' → 'B')
 * may decode to the same bytes and is no change at all.
 */
function flip(c: string): string {
  const i = c === '+' ? 62 : c === '/' ? 63 : B64.indexOf(c)
  return i === -1 ? 'A' : (B64[i ^ 32] ?? 'A')
}

/** Up to {@link MAX_POSITIONS} positions spread over the value, always including both ends. */
function positions(length: number): number[] {
  if (length <= MAX_POSITIONS) return Array.from({ length }, (_, i) => i)
  const picked = new Set<number>()
  for (let k = 0; k < MAX_POSITIONS - 8; k++) picked.add(Math.round((k * (length - 1)) / (MAX_POSITIONS - 9)))
  for (let i = length - 8; i < length; i++) picked.add(i)
  return [...picked].sort((a, b) => a - b)
}

/** The logged-in cookies (name → value) of a fresh client, and the names that carry the session. */
async function loggedInCookies(run: CheckRun): Promise<{ cookies: Map<string, string>; client: Awaited<ReturnType<typeof loggedInClient>>['client'] }> {
  const { client } = await loggedInClient(run)
  const cookies = await client.cookieMap()
  if (!cookies.has(run.format.cookieName)) throw setupError(run.id, `after login the client carries no "${run.format.cookieName}" cookie`, 'Pass the session format the app uses')
  return { cookies, client }
}

const header = (cookies: ReadonlyMap<string, string>): string => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')

/** Replays `value` as the session cookie (other cookies kept) and requires an anonymous, non-5xx answer. */
async function expectAnonymous(run: CheckRun, client: Parameters<typeof probeWith>[1], cookies: ReadonlyMap<string, string>, what: () => string, rule: string): Promise<void> {
  const status = await probeWith(run, client, header(cookies))
  check(status < 500, run.id, rule, 'an anonymous answer, not a server error', () => `HTTP ${status} for ${what()}`)
  check(!isAuthenticatedStatus(status), run.id, rule, `a non-2xx answer from ${run.options.probe}`, () => `HTTP ${status} (authenticated) for ${what()}`)
}

const T1: SecurityCheck = (options) =>
  runCheck('T1', options, async (run) => {
    const { cookies, client } = await loggedInCookies(run)
    const name = run.format.cookieName
    // cookie-session and keygrip keep the signature in a companion `<name>.sig` cookie.
    const targets = [...cookies.keys()].filter((k) => k === name || k.startsWith(`${name}.`))
    for (const target of targets) {
      const value = cookies.get(target) ?? ''
      for (const at of positions(value.length)) {
        const tampered = value.slice(0, at) + flip(value.charAt(at)) + value.slice(at + 1)
        await expectAnonymous(run, client, new Map(cookies).set(target, tampered), () => `"${target}" changed at position ${at} of ${value.length} (${redactCookieValue(value)})`, tamperRules.T1)
      }
    }
  })

const T2: SecurityCheck = (options) =>
  runCheck('T2', options, async (run) => {
    const { cookies, client } = await loggedInCookies(run)
    const name = run.format.cookieName
    const value = cookies.get(name) ?? ''
    const dot = value.lastIndexOf('.')
    const malformed: Record<string, string> = {
      empty: '',
      'no separator': 'x',
      'only a separator': '.',
      'unsigned (signature removed)': dot === -1 ? value.slice(0, Math.ceil(value.length / 2)) : value.slice(0, dot),
      'empty signature': dot === -1 ? `${value}.` : value.slice(0, dot + 1),
      'extra separators': `${value}..x`,
      'leading separators': `..${value}`,
      'non-base64': '***$$$^^^!!!',
      'truncated percent escape': '%E0%A4%A',
      'doubled': value + value,
      '8 KB': 'A'.repeat(8192),
    }
    for (const [what, bad] of Object.entries(malformed)) {
      // Only the session cookie: a companion `.sig` cookie would vouch for nothing here.
      await expectAnonymous(run, client, new Map([[name, bad]]), () => `a ${what} value`, tamperRules.T2)
    }
  })

const T3: SecurityCheck = (options) =>
  runCheck('T3', options, async (run) => {
    await assertInjectionAuthenticates(run)
    const json = JSON.stringify(authenticatedData(options))
    const forgeries: Record<string, string> = {
      'base64url JSON': Buffer.from(json).toString('base64url'),
      'base64 JSON': Buffer.from(json).toString('base64'),
      'base64url JSON with an empty signature': `${Buffer.from(json).toString('base64url')}.`,
      'URL-encoded JSON': encodeURIComponent(json),
    }
    const client = run.client()
    for (const [what, forged] of Object.entries(forgeries)) {
      await expectAnonymous(run, client, new Map([[run.format.cookieName, forged]]), () => `an unsigned ${what} forgery`, tamperRules.T3)
    }
  })

const T6: SecurityCheck = (options) =>
  runCheck('T6', options, async (run) => {
    if (!run.format.serverSide) throw setupError('T6', `the ${run.format.name} format stores no session id`, 'T6 applies to server-side formats only')
    const samples = options.idSamples ?? 200
    const ids: string[] = []
    let pending = 0
    const sampleWith = async (client: TestClient): Promise<void> => {
      while (ids.length + pending < samples) {
        pending++
        await client.clearCookies()
        await send(run, client, options.login, 'login')
        const id = (await readSessionDetails(client))?.id
        pending--
        if (id === undefined) throw setupError('T6', 'a login left the client without a session id', 'Pass a login that starts a session')
        ids.push(id)
      }
    }
    // The first client starts the app (an unstarted http.Server listens once); then a few clients
    // log in side by side, taking a fraction of the sequential time.
    const first = run.client()
    await send(run, first, { path: options.probe, method: 'get' }, 'probe')
    await Promise.all([first, ...Array.from({ length: LANES - 1 }, () => run.client())].map(sampleWith))
    const unique = new Set(ids).size
    check(unique === ids.length, 'T6', tamperRules.T6, `${ids.length} distinct ids over ${ids.length} logins`, () => `${unique} distinct ids`)
    const bits = estimateIdBits(ids)
    check(bits >= 128, 'T6', tamperRules.T6, 'at least 128 random bits per id (ASVS 4.0.3 3.2.2)', () => `about ${Math.floor(bits)} random bits per id (estimated over ${ids.length} logins)`)
  })

/**
 * T1, T2, T3, T6: integrity of the session cookie and randomness of session ids.
 *
 * @example
 * ```ts
 * await tamperChecks.T1(options)
 * ```
 */
export const tamperChecks = { T1, T2, T3, T6 } satisfies Record<keyof typeof tamperRules, SecurityCheck>

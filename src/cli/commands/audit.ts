import { parseArgs } from 'node:util'
import type { CookiePolicy } from '../../cookies/index.js'
import { ConfigError, SessionKitError } from '../../errors.js'
import { auditResponse, formatAuditReport } from '../audit-report.js'
import { EXIT } from '../io.js'
import type { CliCommand, CliIo } from '../io.js'
import { parseSessionDataArgument } from '../json-data.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const PREFIXES = ['__Host-', '__Secure-'] as const

/**
 * `hardened` is checkCookiePolicy's default (Secure, HttpOnly, SameSite Lax/Strict, host-only,
 * Path=/, <= 30 days). `strict` adds SameSite=Strict and a name prefix: ASVS 5.0 3.3.1 asks for
 * `__Host-`, or at least `__Secure-`, on session cookies (`__Host-` satisfies `__Secure-`).
 */
const POLICIES: Record<string, CookiePolicy> = {
  hardened: {},
  strict: { sameSite: ['Strict'], requirePrefix: '__Secure-' },
}

const HELP = `Usage: session-testkit audit <url> [options]

Requests <url> once (never following redirects, never any other URL) and judges every Set-Cookie
of the response against the cookie rules A1-A10 of CHECKS.md (Secure, HttpOnly, SameSite,
prefixes, Domain, Path, grammar, size, lifetime, Partitioned), and A11: a response that sets
cookies carries Vary: Cookie or Cache-Control: private/no-store. Cookie values are redacted.
Audit the request that sets the session, e.g. the login. user:password@ in the URL is sent as
Basic auth (as curl does) and never printed.

Options:
  --method <m>           ${METHODS.join(' | ')} (default GET, or POST with --data)
  --data <json>          JSON request body, sent as application/json
  --header <'K: V'>      a request header; repeat for more (e.g. --header 'Cookie: a=b')
  --policy <name>        hardened (default): Secure, HttpOnly, SameSite Lax or Strict, host-only,
                         Path=/, at most 30 days; strict: also SameSite=Strict and a __Secure- or
                         __Host- name (ASVS 5.0 3.3.1)
  --require-prefix <p>   require the cookie names to start with __Host- or __Secure- (A4)
  --timeout <ms>         give up after this many milliseconds (default 10000)
  --json                 print a machine-readable report instead of text
  -h, --help             show this help

Exit codes: 0 no violation (or no cookie set), 1 a violation was found or the request failed,
2 wrong usage (unknown option, bad URL, bad --data or --header).

Examples:
  session-testkit audit http://127.0.0.1:3000/login --data '{"email":"a@b.test","password":"pw"}'
  session-testkit audit https://staging.example.test/ --policy strict --json
`

function parseUrl(value: string | undefined): URL {
  let url: URL | undefined
  try {
    url = value === undefined ? undefined : new URL(value)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`session-testkit: audit needs one http:// or https:// URL${value === undefined ? '' : `, not ${JSON.stringify(value)}`}. Pass e.g. session-testkit audit http://127.0.0.1:3000/login.`)
  }
  return url
}

/** The URL as printed: user:password@ stripped, as it may hold credentials. */
function shownUrl(url: URL): string {
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy.href
}

function parseHeaders(values: readonly string[] | undefined): Headers {
  const headers = new Headers()
  for (const value of values ?? []) {
    const colon = value.indexOf(':')
    const name = colon === -1 ? '' : value.slice(0, colon).trim()
    try {
      if (name === '') throw new TypeError('no name')
      headers.append(name, value.slice(colon + 1).trim())
    } catch {
      throw new ConfigError(`session-testkit: --header ${JSON.stringify(value.slice(0, 40))} is not "Name: value". Pass e.g. --header 'Accept: application/json'.`)
    }
  }
  return headers
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  const found = allowed.find((a) => a === value)
  if (found === undefined) throw new ConfigError(`session-testkit: --${flag} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}. Pass e.g. --${flag} ${allowed[0]}.`)
  return found
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      method: { type: 'string' },
      data: { type: 'string' },
      header: { type: 'string', multiple: true },
      policy: { type: 'string' },
      'require-prefix': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1) {
    throw new ConfigError(`session-testkit: audit takes exactly one URL (got ${positionals.length}). Pass e.g. session-testkit audit http://127.0.0.1:3000/login.`)
  }
  const url = parseUrl(positionals[0])
  const method = choice('method', values.method?.toUpperCase(), METHODS, values.data === undefined ? 'GET' : 'POST')
  const policyName = choice('policy', values.policy, ['hardened', 'strict'], 'hardened')
  const prefix = values['require-prefix'] === undefined ? undefined : choice('require-prefix', values['require-prefix'], PREFIXES, '__Host-')
  const policy: CookiePolicy = { ...POLICIES[policyName], ...(prefix === undefined ? {} : { requirePrefix: prefix }) }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout)
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new ConfigError(`session-testkit: --timeout ${JSON.stringify(values.timeout)} is not a whole number of milliseconds >= 1. Pass e.g. --timeout 5000.`)
  const headers = parseHeaders(values.header)
  // fetch refuses URLs with credentials; send them as Basic auth, as curl does, and never print them.
  if ((url.username !== '' || url.password !== '') && !headers.has('authorization')) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    headers.set('authorization', `Basic ${Buffer.from(credentials).toString('base64')}`)
  }
  const target = shownUrl(url)
  let body: string | undefined
  if (values.data !== undefined) {
    if (method === 'GET' || method === 'HEAD') throw new ConfigError(`session-testkit: a ${method} request has no body, so --data cannot be sent. Use --method POST.`)
    body = JSON.stringify(parseSessionDataArgument(values.data))
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }

  let response: Response
  try {
    response = await fetch(target, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), ...(body === undefined ? {} : { body }) })
    await response.body?.cancel()
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : typeof cause?.code === 'string' ? cause.code : 'the request failed'
    throw new SessionKitError(`session-testkit: could not reach ${target} (${reason}). Check that the server is running and the URL is right.`)
  }

  const report = auditResponse(
    {
      url: target,
      method,
      status: response.status,
      setCookies: response.headers.getSetCookie(),
      vary: response.headers.get('vary'),
      cacheControl: response.headers.get('cache-control'),
    },
    prefix === undefined ? policyName : `${policyName}, ${prefix} required`,
    policy,
  )
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAuditReport(report))
  if (report.cookies.length === 0 && !values.json) {
    io.stderr.write('session-testkit: the response set no cookie, so there was nothing to audit. Audit the request that starts the session, e.g. the login (--method POST --data ...).\n')
  }
  return report.ok ? EXIT.ok : EXIT.failed
}

/** `session-testkit audit`: requests a URL and judges its Set-Cookie headers by rules A1-A11. */
export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'request a URL and check every Set-Cookie of the response against rules A1-A11',
  help: HELP,
  run,
}

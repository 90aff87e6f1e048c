import { checkCookiePolicy, isDeletionCookie, parseSetCookie, redactSetCookie } from '../cookies/index.js'
import type { CookiePolicy, CookieRuleId } from '../cookies/index.js'

/** One violation in an audit report: a cookie rule A1-A10, or A11 for the response. */
export interface AuditViolation {
  id: CookieRuleId | 'A11'
  message: string
}

/** One Set-Cookie header of the audited response, its value redacted. */
export interface AuditedCookie {
  name: string
  /** The Set-Cookie header with the value redacted past 6 characters. */
  setCookie: string
  /** Deletion headers (Max-Age <= 0, Expires in the past) are judged by L5, not by A1-A10. */
  deletion: boolean
  violations: AuditViolation[]
}

/** The machine-readable result of `session-testkit audit --json`. */
export interface AuditReport {
  url: string
  method: string
  status: number
  policy: string
  cookies: AuditedCookie[]
  /** Response-level violations (A11). */
  response: AuditViolation[]
  violationCount: number
  ok: boolean
}

// A11 (WSTG-SESS-04): a response that sets a session must not be stored by shared caches.
const VARY_COOKIE = /(^|,)\s*(cookie|\*)\s*(,|$)/i
const CACHE_PRIVATE = /(^|,)\s*(private|no-store)\b/i

/**
 * Judges a response's Set-Cookie headers (A1-A10 through checkCookiePolicy) and caching headers (A11).
 *
 * @example
 * ```ts
 * const report = auditResponse({ url, method: 'GET', status: 200, setCookies: res.headers.getSetCookie(), vary: null, cacheControl: null }, 'hardened', {})
 * report.ok // false when any rule fails
 * ```
 */
export function auditResponse(
  response: { url: string; method: string; status: number; setCookies: readonly string[]; vary: string | null; cacheControl: string | null },
  policyName: string,
  policy: CookiePolicy,
): AuditReport {
  const now = policy.now ?? new Date()
  const cookies = response.setCookies.map((header): AuditedCookie => {
    const parsed = parseSetCookie(header)
    return {
      name: parsed.name,
      setCookie: redactSetCookie(header),
      deletion: isDeletionCookie(parsed, now),
      violations: checkCookiePolicy(header, { ...policy, now }),
    }
  })
  const responseViolations: AuditViolation[] = []
  const vary = response.vary ?? ''
  const cacheControl = response.cacheControl ?? ''
  if (cookies.some((c) => !c.deletion) && !VARY_COOKIE.test(vary) && !CACHE_PRIVATE.test(cacheControl)) {
    responseViolations.push({
      id: 'A11',
      message: `the response sets cookies without Vary: Cookie or Cache-Control: private/no-store (Vary: ${vary || '(none)'}, Cache-Control: ${cacheControl || '(none)'}), so a shared cache may hand the session to another user. Send Cache-Control: private or no-store.`,
    })
  }
  const violationCount = cookies.reduce((n, c) => n + c.violations.length, 0) + responseViolations.length
  return { url: response.url, method: response.method, status: response.status, policy: policyName, cookies, response: responseViolations, violationCount, ok: violationCount === 0 }
}

/**
 * The human-readable report: each cookie (value redacted) with its violations by rule ID.
 *
 * @example
 * ```ts
 * io.stdout.write(formatAuditReport(report)) // "  connect.sid=s%3AAb…; Path=/; HttpOnly\n    A1  cookie ..."
 * ```
 */
export function formatAuditReport(report: AuditReport): string {
  const lines = [`${report.method} ${report.url} -> ${report.status}, ${report.cookies.length} Set-Cookie header${report.cookies.length === 1 ? '' : 's'} (policy ${report.policy})`]
  for (const cookie of report.cookies) {
    lines.push('', `  ${cookie.setCookie}`)
    if (cookie.deletion) lines.push('    deletion header: not judged by A1-A10 (see L5)')
    else if (cookie.violations.length === 0) lines.push('    ok')
    for (const v of cookie.violations) lines.push(`    ${v.id.padEnd(3)} ${v.message}`)
  }
  if (report.response.length > 0) lines.push('', '  response')
  for (const v of report.response) lines.push(`    ${v.id.padEnd(3)} ${v.message}`)
  const ids = [...new Set([...report.cookies.flatMap((c) => c.violations.map((v) => v.id)), ...report.response.map((v) => v.id)])]
  lines.push('', report.ok ? 'No violations.' : `${report.violationCount} violation${report.violationCount === 1 ? '' : 's'} (${ids.join(', ')}).`)
  return `${lines.join('\n')}\n`
}

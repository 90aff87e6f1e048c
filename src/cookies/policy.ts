import { ConfigError } from '../errors.js'
import type { CookiePolicy, SameSiteValue } from './types.js'

/**
 * 400 days in seconds: the cap RFC 6265bis sets on any cookie's lifetime; A9 fails beyond it
 * whatever the policy says.
 *
 * @example
 * ```ts
 * checkCookiePolicy(header, { maxLifetimeSeconds: MAX_COOKIE_LIFETIME_SECONDS })
 * ```
 */
export const MAX_COOKIE_LIFETIME_SECONDS = 400 * 86_400

/** The policy with every default filled in, as the rules see it. */
export interface ResolvedCookiePolicy {
  secure: boolean
  httpOnly: boolean
  sameSite: readonly SameSiteValue[]
  requirePrefix: '__Host-' | '__Secure-' | undefined
  allowDomain: readonly string[]
  path: string
  maxLifetimeSeconds: number
  lifetimeToleranceSeconds: number
  now: Date
}

/**
 * The hardened defaults of {@link checkCookiePolicy}: Secure, HttpOnly, SameSite Lax or Strict,
 * host-only, `Path=/`, at most 30 days.
 *
 * @example
 * ```ts
 * checkCookiePolicy(header, { ...HARDENED_COOKIE_POLICY, maxLifetimeSeconds: 3600 })
 * ```
 */
export const HARDENED_COOKIE_POLICY: Readonly<Required<Omit<CookiePolicy, 'now' | 'requirePrefix'>>> = Object.freeze({
  secure: true,
  httpOnly: true,
  sameSite: Object.freeze(['Lax', 'Strict'] as const),
  allowSameSiteNone: false,
  allowDomain: Object.freeze([]),
  path: '/',
  maxLifetimeSeconds: 30 * 86_400,
  lifetimeToleranceSeconds: 60,
})

/** Fills in the hardened defaults. */
export function resolveCookiePolicy(policy: CookiePolicy = {}): ResolvedCookiePolicy {
  const d = HARDENED_COOKIE_POLICY
  const max = policy.maxLifetimeSeconds
  if (max !== undefined && !(Number.isFinite(max) && max >= 0)) {
    throw new ConfigError(`session-testkit: maxLifetimeSeconds must be a number of seconds >= 0, not ${String(max)}. Pass e.g. 30 * 86_400.`)
  }
  if (policy.sameSite !== undefined && policy.sameSite.length === 0 && policy.allowSameSiteNone !== true) {
    throw new ConfigError('session-testkit: the policy accepts no SameSite value. Pass e.g. sameSite: [\'Strict\'].')
  }
  const sameSite = [...(policy.sameSite ?? d.sameSite)]
  if (policy.allowSameSiteNone === true && !sameSite.includes('None')) sameSite.push('None')
  const allowDomain = policy.allowDomain === undefined ? [] : typeof policy.allowDomain === 'string' ? [policy.allowDomain] : [...policy.allowDomain]
  return {
    secure: policy.secure ?? d.secure,
    httpOnly: policy.httpOnly ?? d.httpOnly,
    sameSite,
    requirePrefix: policy.requirePrefix,
    allowDomain: allowDomain.map(normalizeDomain),
    path: policy.path ?? d.path,
    maxLifetimeSeconds: Math.min(policy.maxLifetimeSeconds ?? d.maxLifetimeSeconds, MAX_COOKIE_LIFETIME_SECONDS),
    lifetimeToleranceSeconds: policy.lifetimeToleranceSeconds ?? d.lifetimeToleranceSeconds,
    now: policy.now ?? new Date(),
  }
}

/** RFC 6265bis §5.6.3: "If the first character of the attribute-value string is ".", let cookie-domain be the attribute-value without the leading "."", lower-cased. */
export function normalizeDomain(domain: string): string {
  return domain.replace(/^\./, '').toLowerCase()
}

import type { CookiePolicy, SameSiteValue } from './types.js'

/** 400 days in seconds: the cap RFC 6265bis §5.5 sets on any cookie's lifetime. */
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

import { ConfigError } from '../errors.js'
import { assertJsonSerializer, taggedJson, type SessionSerializer } from '../signing/serializer.js'
import type { SigningKey } from '../signing/signer.js'
import type { SessionStore } from '../stores/types.js'
import type { SessionConfig } from './config.js'

/** Cookie attributes after defaults, as written into Set-Cookie. */
export interface CookieAttributes {
  secure: boolean
  httpOnly: boolean
  sameSite: 'Strict' | 'Lax' | 'None'
  path: string
  domain: string | undefined
  partitioned: boolean
}

/** A validated {@link SessionConfig} with every default applied. */
export interface ResolvedConfig {
  keys: readonly SigningKey[]
  cookieName: string
  cookie: CookieAttributes
  lifetimeSeconds: number
  permanent: boolean
  refreshEachRequest: boolean
  idleTimeoutSeconds: number | undefined
  absoluteTimeoutSeconds: number | undefined
  /** `undefined` for cookie storage. */
  store: SessionStore | undefined
  useSigner: boolean
  idBytes: number
  serializer: SessionSerializer
  revalidate: SessionConfig['revalidate']
}

const MIN_KEY_BYTES = 32
const MAX_LIFETIME_SECONDS = 400 * 86_400 // RFC 6265bis §5.5: user agents cap expiry at 400 days
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

function checkKey(key: unknown, where: string): SigningKey {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new ConfigError(`${where} is missing. Set it to at least ${MIN_KEY_BYTES} random bytes (e.g. from an environment variable).`)
  }
  const bytes = typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : key.byteLength
  if (bytes < MIN_KEY_BYTES) {
    throw new ConfigError(`${where} is ${bytes} bytes; use at least ${MIN_KEY_BYTES} random bytes (e.g. from an environment variable).`)
  }
  return key
}

function positive(value: number | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new ConfigError(`${name} is ${value}. Use a whole number of seconds between 1 and ${max}.`)
  }
  return value
}

function isStore(store: unknown): store is SessionStore {
  const s = store as Partial<SessionStore> | null
  return typeof s?.get === 'function' && typeof s.set === 'function' && typeof s.destroy === 'function'
}

/**
 * Validates a {@link SessionConfig} and applies the secure defaults. Every unsafe or unworkable
 * combination throws {@link ConfigError} at construction, with a message saying how to fix it.
 *
 * @example
 * ```ts
 * resolveConfig({ secretKey: 'short' }) // throws: secretKey is 5 bytes; use at least 32 random bytes
 * ```
 */
export function resolveConfig(config: SessionConfig): ResolvedConfig {
  if (config === null || typeof config !== 'object') throw new ConfigError('config is missing. Pass { secretKey } with at least 32 random bytes.')
  const secretKey = checkKey(config.secretKey, 'secretKey')
  const fallbacks = (config.secretKeyFallbacks ?? []).map((key, i) => checkKey(key, `secretKeyFallbacks[${i}]`))
  const cookieName = config.cookieName ?? 'session'
  if (!TOKEN.test(cookieName)) throw new ConfigError(`cookieName ${JSON.stringify(cookieName)} is not an RFC 6265 token. Use letters, digits and - _ only.`)

  const options = config.cookie ?? {}
  const secure = options.secure ?? true
  const sameSiteInput = (options.sameSite ?? 'Lax').toLowerCase()
  if (!['strict', 'lax', 'none'].includes(sameSiteInput)) {
    throw new ConfigError(`cookie.sameSite ${JSON.stringify(options.sameSite)} is unknown. Use 'Lax' (default), 'Strict' or 'None'.`)
  }
  const sameSite = (sameSiteInput[0]?.toUpperCase() + sameSiteInput.slice(1)) as CookieAttributes['sameSite']
  const path = options.path ?? '/'
  if (!path.startsWith('/') || /[;\s]/.test(path)) throw new ConfigError(`cookie.path ${JSON.stringify(path)} is invalid. Use an absolute path such as '/'.`)
  const domain = options.domain
  if (domain !== undefined && !/^\.?[A-Za-z0-9.-]+$/.test(domain)) throw new ConfigError(`cookie.domain ${JSON.stringify(domain)} is invalid. Use a host name, or leave it unset for a host-only cookie.`)
  // 6265bis §5.6.7 / §4.1.2.7: browsers reject SameSite=None cookies without Secure (A3).
  if (sameSite === 'None' && !secure) throw new ConfigError(`cookie.sameSite 'None' requires cookie.secure. Set secure: true, or use sameSite 'Lax'.`)
  // CHIPS: Partitioned cookies must be Secure (A10).
  if (options.partitioned && !secure) throw new ConfigError('cookie.partitioned requires cookie.secure. Set secure: true, or drop partitioned.')
  // 6265bis §4.1.3: prefixes, matched case-insensitively by user agents (A4).
  const lower = cookieName.toLowerCase()
  if (lower.startsWith('__host-') && (!secure || domain !== undefined || path !== '/')) {
    throw new ConfigError(`cookie name ${cookieName} needs Secure, no Domain and Path=/ (the __Host- prefix). Remove cookie.domain, set path '/' and secure: true.`)
  }
  if (lower.startsWith('__secure-') && !secure) throw new ConfigError(`cookie name ${cookieName} needs Secure (the __Secure- prefix). Set secure: true.`)

  const store = config.store ?? { kind: 'cookie' as const }
  if (store.kind !== 'cookie' && !isStore(store)) throw new ConfigError('store has no get/set/destroy. Use stores.cookie(), stores.memory(), stores.filesystem(dir) or a SessionStore.')
  const idBytes = config.idBytes ?? 32
  if (!Number.isInteger(idBytes) || idBytes < 16 || idBytes > 256) throw new ConfigError(`idBytes is ${idBytes}; ids need at least 128 random bits. Use 16 to 256 (default 32).`)
  const serializer = config.serializer ?? taggedJson
  assertJsonSerializer(serializer)
  if (config.revalidate !== undefined && typeof config.revalidate !== 'function') throw new ConfigError('revalidate is not a function. Pass (data, req) => boolean.')

  return {
    keys: [secretKey, ...fallbacks],
    cookieName,
    cookie: { secure, httpOnly: options.httpOnly ?? true, sameSite, path, domain, partitioned: options.partitioned ?? false },
    lifetimeSeconds: positive(config.lifetimeSeconds, 'lifetimeSeconds', MAX_LIFETIME_SECONDS) ?? 7 * 86_400,
    permanent: config.permanent ?? false,
    refreshEachRequest: config.refreshEachRequest ?? true,
    idleTimeoutSeconds: positive(config.idleTimeoutSeconds, 'idleTimeoutSeconds'),
    absoluteTimeoutSeconds: positive(config.absoluteTimeoutSeconds, 'absoluteTimeoutSeconds'),
    store: isStore(store) ? store : undefined,
    useSigner: config.useSigner ?? true,
    idBytes,
    serializer,
    revalidate: config.revalidate,
  }
}

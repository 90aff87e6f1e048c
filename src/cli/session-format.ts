import { ConfigError } from '../errors.js'
import { cookieSession, expressSession, flask, ironSession, reference } from '../formats/index.js'
import type { ExpressSessionStore } from '../formats/index.js'
import type { SessionFormat } from '../formats/types.js'
import type { SessionStore } from '../stores/types.js'
import type { NamedSecret } from './secrets.js'

/** The `--format` values, named after the libraries. */
export const FORMAT_NAMES = ['express-session', 'cookie-session', 'flask', 'iron-session', 'reference'] as const
export type FormatName = (typeof FORMAT_NAMES)[number]

/** What decode and forge know about the app's session setup, from their flags. */
export interface FormatFlags {
  format: string | undefined
  secrets: readonly NamedSecret[]
  cookieName: string | undefined
  lifetimeSeconds: number | undefined
  /** reference only: the cookie carries a signed id of a server-side store entry. */
  serverSide: boolean
}

/** A format built for the command line, with the id it was asked to look up (server-side formats). */
export interface CliFormat {
  name: FormatName
  format: SessionFormat
  /** The verified session id the format looked up in its (empty) store, if any. */
  lookedUpId(): string | undefined
  /** Name of the environment variable of each keyIndex, when the mapping is one to one. */
  keyNames: readonly string[] | undefined
}

/**
 * Validates `--format` against the formats a command supports (ConfigError, exit 2, otherwise).
 *
 * @example
 * ```ts
 * formatName('flask', 'decode') // 'flask'
 * ```
 */
export function formatName(value: string | undefined, command: string, allowed: readonly FormatName[] = FORMAT_NAMES): FormatName {
  if (value === undefined) throw new ConfigError(`session-testkit: ${command} needs --format. Pass one of ${allowed.join(', ')}.`)
  const found = allowed.find((name) => name === value)
  if (found === undefined) throw new ConfigError(`session-testkit: unknown --format ${JSON.stringify(value)}. Pass one of ${allowed.join(', ')}.`)
  return found
}

/** iron-session keys: one env var may hold the app's password map as JSON (`{"1":"old","2":"new"}`). */
function ironPassword(secrets: readonly NamedSecret[]): { password: string | Record<string, string>; keyNames: string[] | undefined } {
  const [first] = secrets
  if (secrets.length === 1 && first !== undefined && first.value.trimStart().startsWith('{')) {
    let map: unknown
    try {
      map = JSON.parse(first.value)
    } catch {
      throw new ConfigError(`session-testkit: ${first.name} starts with "{" but is not a JSON password map. Store iron-session's map as JSON, e.g. {"1":"<old>","2":"<new>"}, or a plain password.`)
    }
    if (typeof map !== 'object' || map === null || Array.isArray(map) || Object.values(map).some((v) => typeof v !== 'string')) {
      throw new ConfigError(`session-testkit: ${first.name} is not a JSON map of password ids to passwords. Use e.g. {"1":"<old>","2":"<new>"}.`)
    }
    return { password: map as Record<string, string>, keyNames: undefined }
  }
  // Plain passwords, current first: the current one gets the highest id, as iron-session seals with it.
  const password = Object.fromEntries(secrets.map((s, i) => [String(secrets.length - i), s.value]))
  return { password: secrets.length === 1 ? (first?.value ?? '') : password, keyNames: secrets.map((s) => s.name) }
}

/**
 * Builds the session format named by `--format` from the CLI flags. Server-side formats get a
 * store that holds nothing and records the id it is asked for: the command line has no access to
 * the app's store, so only the cookie's signature (and the id it carries) can be checked.
 *
 * @example
 * ```ts
 * const cli = buildCliFormat({ format: 'flask', secrets: readSecrets(['SECRET_KEY'], env), cookieName: undefined, lifetimeSeconds: undefined, serverSide: false }, 'decode')
 * const read = await cli.format.read(new Map([['session', value]]))
 * ```
 */
export function buildCliFormat(flags: FormatFlags, command: string): CliFormat {
  const name = formatName(flags.format, command)
  const keys = flags.secrets.map((s) => s.value)
  const keyNames = flags.secrets.map((s) => s.name)
  const cookieName = flags.cookieName
  const lifetime = flags.lifetimeSeconds
  let lookedUp: string | undefined
  const lookedUpId = (): string | undefined => lookedUp
  if (flags.serverSide && name !== 'reference') {
    throw new ConfigError(`session-testkit: --server-side applies to --format reference only. Drop it${name === 'express-session' ? ' (express-session is always server-side)' : ''}.`)
  }
  switch (name) {
    case 'express-session': {
      const store: ExpressSessionStore = {
        get: (sid, callback) => {
          lookedUp = sid
          callback(null, null)
        },
        set: (_sid, _session, callback) => callback?.(),
        destroy: (_sid, callback) => callback?.(),
      }
      return { name, format: expressSession({ secret: keys, store, ...(cookieName === undefined ? {} : { name: cookieName }) }), lookedUpId, keyNames }
    }
    case 'cookie-session':
      return { name, format: cookieSession({ keys, ...(cookieName === undefined ? {} : { name: cookieName }) }), lookedUpId, keyNames }
    case 'flask': {
      const [secretKey = '', ...secretKeyFallbacks] = keys
      return {
        name,
        format: flask({ secretKey, secretKeyFallbacks, ...(cookieName === undefined ? {} : { cookieName }), ...(lifetime === undefined ? {} : { permanentSessionLifetime: lifetime }) }),
        lookedUpId,
        keyNames,
      }
    }
    case 'iron-session': {
      if (cookieName === undefined) throw new ConfigError('session-testkit: iron-session has no default cookie name. Pass --cookie-name with the cookieName of the app under test.')
      const { password, keyNames: ironNames } = ironPassword(flags.secrets)
      return { name, format: ironSession({ password, cookieName, ...(lifetime === undefined ? {} : { ttl: lifetime }) }), lookedUpId, keyNames: ironNames }
    }
    case 'reference': {
      const [secretKey = '', ...secretKeyFallbacks] = keys
      const store: SessionStore = {
        kind: 'session-testkit-cli',
        get: async (id) => {
          lookedUp = id
          return null
        },
        set: async () => {},
        destroy: async () => {},
      }
      const config = {
        secretKey,
        secretKeyFallbacks,
        ...(cookieName === undefined ? {} : { cookieName }),
        ...(lifetime === undefined ? {} : { lifetimeSeconds: lifetime }),
        ...(flags.serverSide ? { store } : {}),
      }
      return { name, format: reference(config), lookedUpId, keyNames }
    }
  }
}

/**
 * Parses a `--lifetime`-style flag: a whole number of seconds >= 1.
 *
 * @example
 * ```ts
 * parseSeconds('lifetime', '3600') // 3600
 * ```
 */
export function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new ConfigError(`session-testkit: --${flag} ${JSON.stringify(value)} is not a whole number of seconds >= 1. Pass e.g. --${flag} 3600.`)
  }
  return Number(value)
}

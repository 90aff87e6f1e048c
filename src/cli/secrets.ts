import { ConfigError } from '../errors.js'

/** Flags that would put a secret on the command line, where shell history and `ps` keep it. */
const SECRET_FLAGS = ['--secret', '--secrets', '--key', '--keys', '--password']

/**
 * Refuses a secret given as a plain argument: argv lands in shell history and is visible to
 * every user through `ps`, so secrets are read from the environment only (`--secret-env NAME`).
 *
 * @example
 * ```ts
 * refuseSecretArguments(['--secret', 'x'], 'decode') // throws ConfigError: ... pass its name: --secret-env NAME.
 * ```
 */
export function refuseSecretArguments(args: readonly string[], command: string): void {
  for (const arg of args) {
    if (arg === '--') return
    const flag = SECRET_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`))
    if (flag !== undefined) {
      throw new ConfigError(
        `session-testkit: ${command} does not take a secret as ${flag} (the command line lands in shell history and \`ps\`). Put the secret in an environment variable and pass its name: --secret-env NAME.`,
      )
    }
  }
}

/** A secret read from the environment, with the name of the variable that held it (never its value in messages). */
export interface NamedSecret {
  name: string
  value: string
}

/**
 * Reads the secrets named by `--secret-env` (repeatable, or comma-separated), current key first,
 * then fallbacks in order. A missing or empty variable is a ConfigError naming it (never a value).
 *
 * @example
 * ```ts
 * readSecrets(['SECRET_KEY,OLD_SECRET_KEY'], process.env) // [{ name: 'SECRET_KEY', value }, { name: 'OLD_SECRET_KEY', value }]
 * ```
 */
export function readSecrets(names: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): NamedSecret[] {
  const list = (names ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter((n) => n !== '')
  if (list.length === 0) {
    throw new ConfigError('session-testkit: no secret given. Put the app\'s secret in an environment variable and pass its name with --secret-env NAME (repeat it, or separate names with commas, for fallback keys).')
  }
  return list.map((name) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigError(`session-testkit: --secret-env takes the NAME of an environment variable, and ${JSON.stringify(name.length > 40 ? `${name.slice(0, 6)}…` : name)} is not one. Export the secret (e.g. SECRET_KEY=...) and pass --secret-env SECRET_KEY.`)
    }
    const value = env[name]
    if (value === undefined || value === '') {
      throw new ConfigError(`session-testkit: the environment variable ${name} (from --secret-env) is ${value === undefined ? 'not set' : 'empty'}. Export it with the app's secret, or pass the name of the variable that holds it.`)
    }
    return { name, value }
  })
}

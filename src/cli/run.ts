import { ConfigError, SessionKitError } from '../errors.js'
import { auditCommand } from './commands/audit.js'
import { decodeCommand } from './commands/decode.js'
import { forgeCommand } from './commands/forge.js'
import { seedCommand } from './commands/seed.js'
import { EXIT } from './io.js'
import type { CliCommand, CliIo } from './io.js'
import { VERSION } from './version.js'

/** The subcommands, in the order the help lists them. */
export const COMMANDS: readonly CliCommand[] = [seedCommand, decodeCommand, forgeCommand, auditCommand]

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return [
    `session-testkit ${VERSION}: test session-based web apps.`,
    '',
    'Usage: session-testkit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help, or a command\'s help (session-testkit <command> --help)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 success, 1 the command failed (e.g. database unreachable, cookie does not verify,',
    '  audit found a violation), 2 wrong usage.',
    '',
  ].join('\n')
}

/** A parseArgs error (unknown option, missing value) is a usage error, not a crash. */
const isParseArgsError = (error: unknown): error is Error & { code: string } => {
  const code: unknown = (error as { code?: unknown } | null)?.code
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}

/**
 * Runs the `session-testkit` command in-process and resolves to its exit code: `main.ts` passes
 * `process.argv.slice(2)` and the real streams; tests pass captured ones. Never calls
 * `process.exit` and never throws for user errors: it prints `session-testkit: <what>. <how to
 * fix>.` to stderr instead.
 *
 * @example
 * ```ts
 * let out = ''
 * const code = await runCli(['seed', '--db', 'sqlite:./t.db', '--count', '5'], {
 *   stdout: { write: (s) => (out += s) }, stderr: process.stderr, cwd: process.cwd(), env: {},
 * })
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined
    ;(name === undefined ? io.stderr : io.stdout).write(topic?.help ?? mainHelp())
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  if (name === '-v' || name === '--version') {
    io.stdout.write(`${VERSION}\n`)
    return EXIT.ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (command === undefined) {
    io.stderr.write(`session-testkit: unknown command '${name}'. Run \`session-testkit --help\` for the list (${COMMANDS.map((c) => c.name).join(', ')}).\n`)
    return EXIT.usage
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help)
    return EXIT.ok
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (isParseArgsError(error)) {
      io.stderr.write(`session-testkit: ${error.message.replace(/\.$/, '')}. Run \`session-testkit ${name} --help\` for the options.\n`)
      return EXIT.usage
    }
    if (error instanceof SessionKitError) {
      io.stderr.write(`${error.message}\n`)
      return error instanceof ConfigError ? EXIT.usage : EXIT.failed
    }
    io.stderr.write(`session-testkit: ${name} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    return EXIT.failed
  }
}

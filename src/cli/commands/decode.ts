import { parseArgs } from 'node:util'
import { ConfigError } from '../../errors.js'
import type { SessionRead } from '../../formats/types.js'
import { cookiesFromInput } from '../cookie-header.js'
import { EXIT } from '../io.js'
import type { CliCommand, CliIo } from '../io.js'
import { readSecrets, refuseSecretArguments } from '../secrets.js'
import { buildCliFormat, FORMAT_NAMES, parseSeconds } from '../session-format.js'
import type { CliFormat } from '../session-format.js'

const HELP = `Usage: session-testkit decode --format <format> --secret-env NAME [options] <cookie>

Verifies a session cookie with the app's secret(s) and prints the session it carries as JSON.
<cookie> is the cookie's value, or a whole Cookie header ("name=value; name.sig=...") as the
browser's developer tools show it. A cookie that does not verify exits 1 and prints nothing of it.

Options:
  --format <format>    ${FORMAT_NAMES.join(' | ')}
  --secret-env <NAME>  name of the environment variable holding the secret; repeat it (or
                       separate names with commas) for fallback keys, current key first.
                       Secrets are never taken on the command line (shell history, \`ps\`).
  --cookie-name <name> the session cookie's name (defaults: express-session connect.sid,
                       cookie-session/flask/reference session; required for iron-session)
  --lifetime <s>       flask: PERMANENT_SESSION_LIFETIME (default 31 days; older sessions are
                       rejected, as Flask does); reference: lifetimeSeconds (default 7 days);
                       iron-session reads the expiration from the seal itself
  --server-side        reference only: the cookie carries a signed id of a server-side store
  --details            also print keyIndex (0 = current key, 1.. = fallbacks), the variable
                       that verified it, issuedAt and expiresAt where the format records them
  -h, --help           show this help

Per format:
  express-session  the data lives in the app's store, which decode cannot reach: it verifies
                   the signature (s:<id>.<HMAC-SHA256>) and prints {"id": "<session id>"}.
  cookie-session   needs both cookies: pass the Cookie header "session=...; session.sig=...".
  flask            verifies the itsdangerous signature and its age. Tagged values print as
                   JSON: tuples as arrays, datetimes as ISO strings, bytes as {"bytes": hex},
                   UUIDs as {"hex": ...}, Markup as {"html": ...}.
  iron-session     unseals the iron seal; a JSON map {"1":"old","2":"new"} in one variable is
                   read as iron-session's password map, else the first variable is the newest.
  reference        session-testkit's reference middleware (cookie store; --server-side for ids).

Exit codes: 0 decoded, 1 the cookie does not verify (tampered, wrong or retired key, expired),
2 wrong usage (unknown option, no --secret-env, variable not set, no such cookie in the header).

Examples:
  SECRET_KEY=... session-testkit decode --format flask --secret-env SECRET_KEY 'eyJ1c2VyX2lkIjo0Mn0.Zx...'
  session-testkit decode --format cookie-session --secret-env KEY,OLD_KEY --details 'session=eyJ...; session.sig=...'
`

function report(cli: CliFormat, read: SessionRead, details: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (cli.format.serverSide) out.id = read.id ?? cli.lookedUpId()
  else out.data = read.data
  if (!details) return cli.format.serverSide ? out : read.data
  out.keyIndex = read.keyIndex
  const verifiedBy = cli.keyNames?.[read.keyIndex]
  if (verifiedBy !== undefined) out.verifiedBy = verifiedBy
  if (read.issuedAt !== undefined) out.issuedAt = read.issuedAt.toISOString()
  if (read.expiresAt !== undefined) out.expiresAt = read.expiresAt.toISOString()
  return out
}

/** JSON.stringify replacer: bytes (Flask's tagged ` b`) as hex rather than one key per byte. */
const printable = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? { bytes: Buffer.from(value).toString('hex') } : value)

async function run(args: string[], io: CliIo): Promise<number> {
  refuseSecretArguments(args, 'decode')
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'secret-env': { type: 'string', multiple: true },
      'cookie-name': { type: 'string' },
      lifetime: { type: 'string' },
      'server-side': { type: 'boolean', default: false },
      details: { type: 'boolean', default: false },
    },
  })
  if (positionals.length !== 1 || positionals[0]?.trim() === '') {
    throw new ConfigError(`session-testkit: decode takes exactly one cookie value or Cookie header (got ${positionals.length}). Quote it: session-testkit decode --format <format> --secret-env NAME '<cookie>'.`)
  }
  const cli = buildCliFormat(
    {
      format: values.format,
      secrets: readSecrets(values['secret-env'], io.env),
      cookieName: values['cookie-name'],
      lifetimeSeconds: parseSeconds('lifetime', values.lifetime),
      serverSide: values['server-side'],
    },
    'decode',
  )
  const cookies = cookiesFromInput(positionals[0] ?? '', cli.format.cookieName)
  const read = await cli.format.read(cookies)
  if (read === null) {
    throw new ConfigError(`session-testkit: the "${cli.format.cookieName}" cookie is empty. Pass the value the app set.`)
  }
  io.stdout.write(`${JSON.stringify(report(cli, read, values.details), printable, 2)}\n`)
  if (cli.format.serverSide) {
    io.stderr.write(`session-testkit: the signature verified; ${cli.name} keeps the session data in the app's store, so only the session id is shown.\n`)
  }
  return EXIT.ok
}

/** `session-testkit decode`: verifies a session cookie with secrets from the environment and prints its data. */
export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'verify a session cookie with the app\'s secret (from an env variable) and print its data',
  help: HELP,
  run,
}

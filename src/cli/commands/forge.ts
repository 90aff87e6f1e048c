import { parseArgs } from 'node:util'
import { ConfigError } from '../../errors.js'
import { EXIT } from '../io.js'
import type { CliCommand, CliIo } from '../io.js'
import { parseSessionDataArgument } from '../json-data.js'
import { readSecrets, refuseSecretArguments } from '../secrets.js'
import { buildCliFormat, formatName, parseSeconds } from '../session-format.js'
import type { FormatName } from '../session-format.js'

/** Formats whose cookie holds the whole session, so a cookie alone is a session. */
const COOKIE_FORMATS: readonly FormatName[] = ['cookie-session', 'flask', 'iron-session', 'reference']

const HELP = `Usage: session-testkit forge --format <format> --secret-env NAME --data <json> [options]

Signs session data with the app's secret, exactly as the session library would, and prints the
Cookie header value a browser would send, for manual testing:
  curl -H "Cookie: $(session-testkit forge --format flask --secret-env SECRET_KEY --data '{"user_id":1}')" http://127.0.0.1:5000/me

Options:
  --format <format>    ${COOKIE_FORMATS.join(' | ')} (formats whose cookie holds the session;
                       reference with its default cookie store)
  --secret-env <NAME>  name of the environment variable holding the secret; repeat it (or
                       separate names with commas) for fallbacks: the FIRST one signs.
                       Secrets are never taken on the command line (shell history, \`ps\`).
  --data <json>        the session, a JSON object such as '{"user_id":1}'; "__proto__" and
                       "constructor" keys are refused
  --cookie-name <name> the session cookie's name (defaults: cookie-session/flask/reference
                       session; required for iron-session)
  --lifetime <s>       iron-session: ttl written into the seal (default 14 days); the other
                       formats embed only the signing time, and the app applies its own lifetime
  -h, --help           show this help

express-session keeps the data in the app's store, so a cookie alone cannot carry a session:
use formats.expressSession({ secret, store }) with sessionTransaction() in a test instead.

Exit codes: 0 printed, 1 the format failed (e.g. the session would not fit a cookie), 2 wrong
usage (unknown option, bad JSON, no --secret-env, variable not set, secret too short).
`

async function run(args: string[], io: CliIo): Promise<number> {
  refuseSecretArguments(args, 'forge')
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'secret-env': { type: 'string', multiple: true },
      data: { type: 'string' },
      'cookie-name': { type: 'string' },
      lifetime: { type: 'string' },
    },
  })
  if (positionals.length > 0) {
    throw new ConfigError(`session-testkit: forge takes no positional argument (got ${positionals.length}). Pass the session as --data '{"user_id":1}'.`)
  }
  if (values.format === 'express-session') {
    throw new ConfigError('session-testkit: forge cannot make an express-session session: its data lives in the app\'s store, not in the cookie. Use formats.expressSession({ secret, store }) with sessionTransaction() in a test.')
  }
  const format = formatName(values.format, 'forge', COOKIE_FORMATS)
  if (values.data === undefined) throw new ConfigError('session-testkit: forge needs --data. Pass the session as a JSON object, e.g. --data \'{"user_id":1}\'.')
  const data = parseSessionDataArgument(values.data)
  const cli = buildCliFormat(
    {
      format,
      secrets: readSecrets(values['secret-env'], io.env),
      cookieName: values['cookie-name'],
      lifetimeSeconds: parseSeconds('lifetime', values.lifetime),
      serverSide: false,
    },
    'forge',
  )
  // A deletion cookie (Flask writes one for an empty session) is not something a browser sends.
  const cookies = (await cli.format.write(data, null)).filter((c) => c.maxAge !== 0 && c.value !== '')
  if (cookies.length === 0) {
    throw new ConfigError(`session-testkit: ${format} sends no cookie for an empty session. Pass some data, e.g. --data '{"user_id":1}'.`)
  }
  io.stdout.write(`${cookies.map((c) => `${c.name}=${c.value}`).join('; ')}\n`)
  return EXIT.ok
}

/** `session-testkit forge`: signs session data with a secret from the environment and prints the Cookie header value. */
export const forgeCommand: CliCommand = {
  name: 'forge',
  summary: 'sign session data with the app\'s secret (from an env variable) and print the Cookie header',
  help: HELP,
  run,
}

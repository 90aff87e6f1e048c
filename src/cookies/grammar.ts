// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

// RFC 6265bis §4.1.1: cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
// ("US-ASCII characters excluding CTLs, whitespace, DQUOTE, comma, semicolon, and backslash").
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

// RFC 6265bis §4.1.1: max-age-av = "Max-Age" BWS "=" BWS non-zero-digit *DIGIT
const MAX_AGE = /^[1-9][0-9]*$/

// RFC 9110 §5.6.7: IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Whether `name` is an RFC 9110 token (the RFC 6265bis `cookie-name`). */
export function isToken(name: string): boolean {
  return TOKEN.test(name)
}

/** Whether `value` is a `cookie-value`: `*cookie-octet / ( DQUOTE *cookie-octet DQUOTE )`. */
export function isCookieValue(value: string): boolean {
  const inner = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
  return COOKIE_OCTETS.test(inner)
}

/** Whether `value` is a Max-Age the grammar allows a server to send (`non-zero-digit *DIGIT`). */
export function isMaxAgeDigits(value: string): boolean {
  return MAX_AGE.test(value)
}

/** Parses an IMF-fixdate (day name consistent with the date), or returns `undefined`. */
export function parseImfFixdate(value: string): Date | undefined {
  const m = IMF_FIXDATE.exec(value)
  if (!m) return undefined
  const [, day, dd, mon, yyyy, hh, mm, ss] = m as unknown as [string, string, string, string, string, string, string, string]
  const date = new Date(Date.UTC(Number(yyyy), MONTHS.indexOf(mon), Number(dd), Number(hh), Number(mm), Number(ss)))
  const roundTrips =
    date.getUTCDate() === Number(dd) && date.getUTCHours() === Number(hh) &&
    date.getUTCMinutes() === Number(mm) && date.getUTCSeconds() === Number(ss)
  return roundTrips && DAYS[date.getUTCDay()] === day ? date : undefined
}

/**
 * Parses an Expires value leniently, as a user agent would (RFC 6265bis §5.1.1 accepts far more
 * than IMF-fixdate), for lifetime and deletion decisions; grammar is judged separately (A7).
 */
export function parseCookieDate(value: string): Date | undefined {
  const strict = parseImfFixdate(value)
  if (strict) return strict
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}

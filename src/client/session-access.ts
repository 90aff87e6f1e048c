import { BadSignatureError, SessionKitError } from '../errors.js'
import type { FormatCookie, SessionFormat, SessionRead } from '../formats/types.js'
import type { SessionData } from '../stores/types.js'
import { formatCookieHeader } from './format-cookie-header.js'
import { mayHoldCookies } from './tracked-store.js'
import type { TestClient } from './types.js'

const readOptions = { allPaths: true, sameSiteContext: 'strict' } as const
const storeOptions = { sameSiteContext: 'strict', ignoreError: true } as const

/** The client's session format, or a usage error saying how to configure one. */
export function requireFormat<Data extends SessionData>(client: TestClient, caller: string): SessionFormat<Data> {
  if (!client.session) {
    throw new SessionKitError(`session-testkit: ${caller} needs a client created with a session format. Pass createTestClient(app, { session: formats.expressSession(...) }) (or formats.cookieSession, formats.flask, formats.ironSession, formats.reference).`)
  }
  return client.session as unknown as SessionFormat<Data>
}

/**
 * Reads the session the client carries. The cookies come from every path of the origin (a session
 * cookie scoped to `Path=/app` counts), the most specific path first, as a browser orders them.
 */
export async function readWithFormat<Data extends SessionData>(client: TestClient, format: SessionFormat<Data>): Promise<SessionRead<Data> | null> {
  const cookies = new Map<string, string>()
  if (mayHoldCookies(client.jar)) {
    // The client's in-memory store answers synchronously: one promise chain less per read.
    const all = client.jar.store.synchronous ? client.jar.getCookiesSync(client.origin.href, readOptions) : await client.jar.getCookies(client.origin.href, readOptions)
    for (const cookie of all) if (!cookies.has(cookie.key)) cookies.set(cookie.key, cookie.value)
  }
  try {
    return await format.read(cookies)
  } catch (error) {
    if (error instanceof BadSignatureError && !error.message.includes(format.name)) {
      throw new BadSignatureError(`session-testkit: the ${format.name} session cookie "${format.cookieName}" did not verify with the format's ${format.keysDescription}. Pass the keys the app uses.`, { cause: error, payload: error.payload })
    }
    throw error
  }
}

/** Stores the cookies a format wrote in the client's jar, failing when the jar refuses one. */
export async function storeFormatCookies(client: TestClient, formatName: string, cookies: FormatCookie[]): Promise<void> {
  for (const cookie of cookies) {
    const header = formatCookieHeader(cookie)
    const url = new URL(cookie.path ?? '/', client.origin).href
    const stored = client.jar.store.synchronous ? client.jar.setCookieSync(header, url, storeOptions) : await client.jar.setCookie(header, url, storeOptions)
    if (!stored) {
      const hint = cookie.secure && client.origin.protocol !== 'https:'
        ? `it is Secure and the client's origin is ${client.origin.origin}; pass origin: 'https://...' to createTestClient`
        : 'check its Domain and any __Host-/__Secure- prefix against the client origin'
      throw new SessionKitError(`session-testkit: the cookie jar refused the ${formatName} cookie "${cookie.name}": ${hint}.`)
    }
  }
}

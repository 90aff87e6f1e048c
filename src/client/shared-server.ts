import http from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import tls from 'node:tls'
// node:timers, not the globals: a test's vi.useFakeTimers() must not freeze (or drop) the idle close.
import { clearTimeout, setTimeout } from 'node:timers'

/**
 * One listening server and one keep-alive pool per app, shared by every test client of that app:
 * a new client reuses a warm connection instead of paying listen + connect + close. Cookies stay
 * per client (each request carries its own client's jar), so sharing leaks no session state.
 */
export interface SharedServer {
  readonly server: http.Server
  readonly agent: http.Agent
  /** The base URL once the server listens. */
  baseUrl: string | undefined
  /** Starts the server on first use (once for concurrent callers); resolves to the base URL. */
  listening(): Promise<string>
}

interface Entry extends SharedServer {
  readonly key: http.RequestListener | http.Server
  readonly tls: boolean
  /** The server is the kit's own (the app was a request listener): nobody else can observe it. */
  readonly internal: boolean
  base: Promise<string> | undefined
  owned: boolean
  clients: number
  idle: NodeJS.Timeout | undefined
}

const entries = new WeakMap<http.RequestListener | http.Server, Entry>()
let idleMs = 1000

/**
 * Takes a share of the app's server for one client (until {@link releaseServer}). The server and
 * pool are created on the first share and reused by later clients while any client holds one.
 */
export function acquireServer(app: http.RequestListener | http.Server): SharedServer {
  let entry = entries.get(app)
  if (entry === undefined) {
    const internal = typeof app === 'function'
    const server = internal ? http.createServer(app) : app
    const secure = server instanceof tls.Server
    const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true })
    entry = { key: app, server, agent, tls: secure, internal, base: undefined, baseUrl: undefined, owned: false, clients: 0, idle: undefined, listening: () => listen(entry as Entry) }
    entries.set(app, entry)
  }
  entry.clients += 1
  if (entry.idle !== undefined) {
    clearTimeout(entry.idle)
    entry.idle = undefined
  }
  return entry
}

function listen(entry: Entry): Promise<string> {
  entry.base ??= start(entry).catch((error: unknown) => {
    if (entries.get(entry.key) === entry) entries.delete(entry.key)
    throw error
  })
  return entry.base
}

async function start(entry: Entry): Promise<string> {
  const { server } = entry
  if (!server.listening) {
    entry.owned = true
    // The kit closes every connection itself; no idle timeout races a reused socket.
    server.keepAliveTimeout = 0
    if (entry.internal) {
      // The kit's own server may stay warm between clients (see releaseServer): it and its idle
      // connections must not keep a test worker alive. A request in flight is held open by its
      // client-side socket.
      server.on('connection', (socket: Socket) => socket.unref())
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    if (entry.internal) server.unref()
  }
  entry.baseUrl = baseUrlOf(server.address() as AddressInfo, entry.tls)
  return entry.baseUrl
}

/**
 * Gives back one client's share. When the last client of an app gives its share back, a server
 * the caller passed (unstarted) is closed at once, as the caller can observe it; the kit's own
 * server for a request listener stays warm (unref'd) for a short idle period, so that the next
 * client of the app (the next test) reuses it, and is then closed with its connections.
 */
export async function releaseServer(shared: SharedServer): Promise<void> {
  const entry = shared as Entry
  entry.clients -= 1
  if (entry.clients > 0) return
  if (entry.internal && entry.owned) {
    entry.idle = setTimeout(() => void shutDown(entry), idleMs)
    entry.idle.unref()
    return
  }
  await shutDown(entry)
}

async function shutDown(entry: Entry): Promise<void> {
  entry.idle = undefined
  if (entries.get(entry.key) === entry) entries.delete(entry.key)
  entry.agent.destroy()
  const { server } = entry
  if (!entry.owned || !server.listening) return
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/**
 * Closes now every kit-owned server that no client holds any more (instead of after the idle
 * period). Internal: for tests and teardown code.
 */
export async function closeIdleServer(app: http.RequestListener | http.Server): Promise<void> {
  const entry = entries.get(app)
  if (entry === undefined || entry.clients > 0) return
  if (entry.idle !== undefined) clearTimeout(entry.idle)
  await shutDown(entry)
}

/** The server shared by the clients of `app`, if one exists. Internal: for tests. */
export function sharedServerOf(app: http.RequestListener | http.Server): http.Server | undefined {
  return entries.get(app)?.server
}

/** Sets how long the kit's own server stays warm after its last client closed. Internal: for tests. */
export function setServerIdleMs(ms: number): void {
  idleMs = ms
}

/** `http://127.0.0.1:PORT` for a listening server's address. */
function baseUrlOf(address: AddressInfo, secure: boolean): string {
  let host = address.address
  if (host === '::' || host === '0.0.0.0') host = '127.0.0.1'
  if (host.includes(':')) host = `[${host}]`
  return `${secure ? 'https' : 'http'}://${host}:${address.port}`
}

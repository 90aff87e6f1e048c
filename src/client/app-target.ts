import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import tls from 'node:tls'
import { SessionKitError } from '../errors.js'

/**
 * What a test client can talk to: a request listener (Express/Koa callback), an `http.Server`
 * or `https.Server` (a Fastify `server`), or the base URL of a running server in any language.
 *
 * @example
 * ```ts
 * createTestClient(expressApp)                   // a request listener
 * createTestClient(fastify.server)               // after await fastify.ready()
 * createTestClient('http://127.0.0.1:5000')      // a Flask app started by the test
 * ```
 */
export type TestClientApp = string | URL | http.RequestListener | http.Server

/**
 * One app behind one keep-alive connection pool. A listener or an unstarted server is started
 * once, on 127.0.0.1 and a free port, on the first request, and closed by `close()`; a server the
 * caller already started or a base URL is left running.
 */
export class AppTarget {
  readonly agent: http.Agent
  readonly tls: boolean
  #server: http.Server | undefined
  #base: Promise<string> | undefined
  #baseUrl: string | undefined
  #owned = false
  #closed = false

  constructor(app: TestClientApp) {
    if (typeof app === 'string' || app instanceof URL) {
      const url = new URL(String(app))
      this.tls = url.protocol === 'https:'
      this.#baseUrl = url.href.replace(/\/+$/, '')
      this.#base = Promise.resolve(this.#baseUrl)
    } else if (typeof app === 'function' || app instanceof net.Server) {
      this.#server = typeof app === 'function' ? http.createServer(app) : app
      this.tls = this.#server instanceof tls.Server
    } else {
      throw new SessionKitError('session-testkit: createTestClient takes a request listener, an http.Server or a base URL. Pass e.g. app (Express), app.callback() (Koa), or fastify.server after await fastify.ready().')
    }
    this.agent = this.tls ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true })
  }

  /** The base URL once known (after the first request has started the server), else `undefined`. */
  get baseUrl(): string | undefined {
    return this.#closed ? undefined : this.#baseUrl
  }

  /** The base URL (`http://127.0.0.1:PORT`), starting the server on first use. */
  ready(): Promise<string> {
    if (this.#closed) {
      return Promise.reject(new SessionKitError('session-testkit: this test client is closed. Create a new client with createTestClient(app).'))
    }
    this.#base ??= this.#listen()
    return this.#base
  }

  async #listen(): Promise<string> {
    const server = this.#server as http.Server
    if (!server.listening) {
      this.#owned = true
      // The client closes every connection itself on close(); no idle timeout races a reused socket.
      server.keepAliveTimeout = 0
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, '127.0.0.1', () => {
          server.off('error', reject)
          resolve()
        })
      })
    }
    this.#baseUrl = baseUrl(server.address() as AddressInfo, this.tls)
    return this.#baseUrl
  }

  /** Closes the pooled connections and, when the client started it, the server. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.agent.destroy()
    const server = this.#server
    if (!this.#owned || !server?.listening) return
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
}

function baseUrl(address: AddressInfo, secure: boolean): string {
  let host = address.address
  if (host === '::' || host === '0.0.0.0') host = '127.0.0.1'
  if (host.includes(':')) host = `[${host}]`
  return `${secure ? 'https' : 'http'}://${host}:${address.port}`
}

import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'
import { SessionKitError } from '../errors.js'
import { acquireServer, releaseServer } from './shared-server.js'
import type { SharedServer } from './shared-server.js'

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
 * One client's view of its app. A listener or a server shares one listening server and one
 * keep-alive pool with every other client of the same app (see `shared-server.ts`), taken on the
 * first request and given back by `close()`; a base URL gets a pool of its own, destroyed by `close()`.
 */
export class AppTarget {
  readonly tls: boolean
  readonly #app: http.RequestListener | http.Server | undefined
  #shared: SharedServer | undefined
  #urlAgent: http.Agent | undefined
  #base: Promise<string> | undefined
  #baseUrl: string | undefined
  #closed = false

  constructor(app: TestClientApp) {
    if (typeof app === 'string' || app instanceof URL) {
      const url = new URL(String(app))
      this.tls = url.protocol === 'https:'
      this.#baseUrl = url.href.replace(/\/+$/, '')
      this.#base = Promise.resolve(this.#baseUrl)
      this.#urlAgent = this.tls ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true })
    } else if (typeof app === 'function' || app instanceof net.Server) {
      this.#app = app
      this.tls = app instanceof tls.Server
    } else {
      throw new SessionKitError('session-testkit: createTestClient takes a request listener, an http.Server or a base URL. Pass e.g. app (Express), app.callback() (Koa), or fastify.server after await fastify.ready().')
    }
  }

  /** The keep-alive pool requests go through (known once `ready()` has been called). */
  get agent(): http.Agent {
    return (this.#shared?.agent ?? this.#urlAgent) as http.Agent
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
    if (this.#base === undefined) {
      const shared = acquireServer(this.#app as http.RequestListener | http.Server)
      this.#shared = shared
      if (shared.baseUrl !== undefined) {
        this.#baseUrl = shared.baseUrl
        this.#base = Promise.resolve(shared.baseUrl)
      } else {
        this.#base = shared.listening().then((url) => (this.#baseUrl = url))
      }
    }
    return this.#base
  }

  /**
   * Gives the shared server back (the last client of an app closes the server it started, see
   * `releaseServer`) or, for a base URL, closes the pooled connections.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#urlAgent?.destroy()
    const shared = this.#shared
    this.#shared = undefined
    if (shared !== undefined) await releaseServer(shared)
  }
}


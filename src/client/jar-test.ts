import supertest from 'supertest'
import type { CallbackHandler, Response } from 'superagent'
import type { CookieJar } from 'tough-cookie'
import { SessionKitError } from '../errors.js'
import type { AppTarget } from './app-target.js'
import { mayHoldCookies } from './tracked-store.js'
import type { RequestOptions } from './types.js'

/** What a {@link JarTest} needs from its client. */
export interface JarBinding {
  jar: CookieJar
  origin: URL
  target: AppTarget
}

// Every request is same-site: the test drives the app as its own pages would.
const sameSite = { sameSiteContext: 'strict' } as const
const storeOptions = { ...sameSite, ignoreError: true } as const

/**
 * A supertest `Test` whose cookies come from and go to a tough-cookie jar keyed on the client's
 * origin, sent over the client's keep-alive connections. The jar is read when the request is sent
 * (not when it is built), so a test built earlier sees the cookies of requests finished since.
 */
export class JarTest extends supertest.Test {
  readonly #binding: JarBinding
  readonly #cookies: NonNullable<RequestOptions['cookies']>
  readonly #path: string
  #jarPath: string
  #jarUrl: string | undefined
  #prepared = false
  #jarCookies = false
  #foreign = false

  constructor(binding: JarBinding, method: string, path: string, options: RequestOptions = {}) {
    // The URL is completed in end(), once the server listens.
    super('http://127.0.0.1', method, path)
    this.#binding = binding
    this.#cookies = options.cookies ?? 'jar'
    this.#path = path
    this.#jarPath = path
    if (this.#cookies === 'jar') {
      // superagent emits 'redirect' after it has set up the next hop's headers and before it sends it.
      this.on('redirect', (res: Response) => {
        this.#store(res)
        const next = new URL(this.url)
        // A hop to another host is outside the client's origin: its cookies are not the app's.
        this.#foreign = `${next.protocol}//${next.host}` !== this.#binding.target.baseUrl
        if (this.#foreign) return
        this.#jarPath = next.pathname + next.search
        this.#jarUrl = undefined
        if (this.#jarCookies) this.unset('Cookie')
        if (this.get('Cookie') === undefined) this.#attachCookies()
      })
      this.on('response', (res: Response) => this.#store(res))
    }
  }

  override end(callback?: CallbackHandler): this {
    const known = this.#binding.target.baseUrl
    if (known !== undefined) {
      this.#prepare(known)
      return super.end(callback)
    }
    this.#binding.target.ready().then(
      (base) => {
        this.#prepare(base)
        super.end(callback)
      },
      (error: unknown) => callback?.(error, undefined as unknown as Response),
    )
    return this
  }

  override pipe<T extends NodeJS.WritableStream>(stream: T, options?: { end?: boolean }): T {
    this.#binding.target.ready().then(
      (base) => {
        this.#prepare(base)
        super.pipe(stream, options)
      },
      (error: unknown) => stream.emit('error', error),
    )
    return stream
  }

  override write(data: string | Buffer, encoding?: string): boolean {
    const known = this.#binding.target.baseUrl
    if (known === undefined) {
      throw new SessionKitError('session-testkit: .write() needs the app already listening. Send one request first (e.g. await client.head(\'/\')), or use .send().')
    }
    this.#prepare(known)
    return super.write(data, encoding)
  }

  /** Completes the URL and attaches the jar's cookies, once, just before the request is sent. */
  #prepare(base: string): void {
    if (this.#prepared) return
    this.#prepared = true
    this.url = base + this.#path
    this.agent(this.#binding.target.agent)
    if (this.#binding.target.tls) this.disableTLSCerts()
    this.#attachHeaders()
  }

  #attachHeaders(): void {
    const { origin } = this.#binding
    if (this.#cookies === 'jar') {
      // A Cookie header the test set itself wins over the jar.
      if (this.get('Cookie') === undefined) this.#attachCookies()
    } else if (this.#cookies !== 'none') {
      this.set('Cookie', this.#cookies)
    }
    // An https origin is simulated over plain http in-process: apps behind a trusted proxy
    // (Express `trust proxy`, express-session `proxy: true`) read the scheme from this header.
    if (origin.protocol === 'https:' && this.get('X-Forwarded-Proto') === undefined) {
      this.set('X-Forwarded-Proto', 'https')
    }
  }

  #attachCookies(): void {
    const { jar } = this.#binding
    const header = mayHoldCookies(jar) ? jar.getCookieStringSync(this.#currentJarUrl(), sameSite) : ''
    this.#jarCookies = header !== ''
    if (this.#jarCookies) this.set('Cookie', header)
  }

  #store(res: Response): void {
    const headers = res.headers['set-cookie'] as string[] | string | undefined
    if (!headers || this.#foreign) return
    const url = this.#currentJarUrl()
    for (const header of Array.isArray(headers) ? headers : [headers]) {
      // As a browser does, a cookie the jar refuses (Secure over http, a broken __Host- prefix) is dropped.
      this.#binding.jar.setCookieSync(header, url, storeOptions)
    }
  }

  /** The URL the jar reads and stores cookies for: the current hop's path on the client's origin, resolved once per hop. */
  #currentJarUrl(): string {
    this.#jarUrl ??= new URL(this.#jarPath, this.#binding.origin).href
    return this.#jarUrl
  }
}

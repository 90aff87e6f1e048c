import type { IncomingMessage, ServerResponse } from 'node:http'
import { createReferenceCodec } from './codec.js'
import { planCommit, type CommitPlan } from './commit.js'
import type { SessionConfig } from './config.js'
import { loadSession } from './load-session.js'
import { resolveConfig } from './resolve-config.js'
import { Session } from './session.js'
import type { UnsafeOptions } from './unsafe.js'

/**
 * A Connect/Express-compatible middleware; also callable from a plain `node:http` handler.
 *
 * @example
 * ```ts
 * createServer((req, res) => session(req, res, (err) => (err ? res.writeHead(503).end() : handle(req, res))))
 * ```
 */
export type SessionMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

function appendHeader(res: ServerResponse, name: string, value: string): void {
  const current = res.getHeader(name)
  const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)]
  res.setHeader(name, [...list, value])
}

function addVary(res: ServerResponse): void {
  const current = res.getHeader('Vary')
  const text = Array.isArray(current) ? current.join(', ') : current === undefined ? '' : String(current)
  if (!/(^|,)\s*(cookie|\*)\s*(,|$)/i.test(text)) res.setHeader('Vary', text ? `${text}, Cookie` : 'Cookie')
}

/** @internal The middleware with the test-only switches of {@link UnsafeOptions}. */
export function createSessionMiddlewareUnsafe(config: SessionConfig, unsafe: UnsafeOptions): SessionMiddleware {
  const resolved = resolveConfig(config)
  const codec = createReferenceCodec(resolved, unsafe)
  const store = resolved.store

  const persist = async (plan: CommitPlan): Promise<void> => {
    if (store === undefined) return
    if (plan.destroyId !== undefined) await store.destroy(plan.destroyId)
    const save = plan.save
    if (save === undefined) return
    // A request that started before a logout must not resurrect the destroyed entry (L14): the
    // store's atomic update when it has one, otherwise a lookup first.
    if (save.mode === 'update' && store.update !== undefined && !unsafe.adoptUnknownIds) return store.update(save.id, save.session, save.ttlSeconds)
    if (save.mode !== 'set' && !unsafe.adoptUnknownIds && (await store.get(save.id)) === null) return
    if (save.mode === 'touch' && store.touch !== undefined) await store.touch(save.id, save.session, save.ttlSeconds)
    else await store.set(save.id, save.session, save.ttlSeconds)
  }

  return (req, res, next) => {
    loadSession(req, resolved, codec, unsafe).then((state) => {
      const session = new Session(state, resolved, unsafe)
      ;(req as IncomingMessage & { session: Session }).session = session
      let plan: CommitPlan | undefined
      const commit = (): CommitPlan => {
        if (plan !== undefined) return plan
        try {
          plan = planCommit(state, resolved, codec, unsafe)
        } catch (error) {
          plan = { setCookie: undefined, vary: true, save: undefined, destroyId: undefined }
          throw error
        }
        if (plan.vary) addVary(res)
        if (plan.setCookie !== undefined) appendHeader(res, 'Set-Cookie', plan.setCookie)
        return plan
      }

      const writeHead = res.writeHead
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        if (!this.headersSent) commit()
        return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
      } as typeof res.writeHead

      const end = res.end
      let ending = false
      res.end = function (this: ServerResponse, ...args: unknown[]) {
        const callEnd = (): ServerResponse => (end as (...a: unknown[]) => ServerResponse).apply(this, args)
        if (ending || (this.headersSent && plan === undefined)) return callEnd()
        const current = commit()
        if (current.save === undefined && current.destroyId === undefined) return callEnd()
        ending = true
        persist(current).then(callEnd, (cause: unknown) => {
          // Fail closed: never tell the browser about a session the store did not keep.
          if (this.headersSent) return void this.destroy(cause instanceof Error ? cause : undefined)
          for (const name of this.getHeaderNames()) this.removeHeader(name)
          this.statusCode = 503
          ;(end as (chunk: string) => ServerResponse).call(this, 'Service Unavailable')
        })
        return this
      } as typeof res.end

      next()
    }, next) // store failures arrive as StoreError (503); a throwing revalidate hook as itself
  }
}

/**
 * Creates the reference session middleware: signed-cookie sessions by default, or server-side
 * sessions in `store`, with fixation-safe `login`, revocable `logout`, key rotation and
 * server-enforced timeouts. Throws {@link ConfigError} at construction for unsafe configuration.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { createSessionMiddleware, stores } from 'session-testkit/reference'
 *
 * const app = express()
 * app.use(createSessionMiddleware({ secretKey: process.env.SECRET_KEY!, store: stores.memory() }))
 * ```
 */
export function createSessionMiddleware(config: SessionConfig): SessionMiddleware {
  return createSessionMiddlewareUnsafe(config, {})
}

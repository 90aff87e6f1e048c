// The reference middleware's app for the login benchmark (same routes as the peers' apps).
import express from 'express'
import { addRoutes, hashPassword, SECRET, USER } from './apps.js'
import { formatFactory, loadReference, need } from './kit.js'

export async function createReferenceApp(core) {
  const ref = await loadReference()
  need(ref, ['createSessionMiddleware', 'login', 'getSession'], 'session-testkit/reference')
  const factory = formatFactory(core, 'reference')
  const storedHash = await hashPassword(USER.password)
  const app = express()
  // Secure off: the baseline's supertest agent talks plain http, as with the other formats.
  const config = { secretKey: SECRET, cookie: { secure: false } }
  app.use(ref.createSessionMiddleware(config))
  addRoutes(app, storedHash, (req, _res, userId) => ref.login(req, userId), (req) => ref.getSession(req).data.user_id)
  return { app, format: factory(config) }
}

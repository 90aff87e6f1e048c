import { createTestClient } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import { cookieSession, expressSession, type ExpressSessionCookieOptions } from '../../src/formats/index.js'
import { cookieSessionApp, expressSessionApp, PEER_SECRET, type PeerConfig, type PeerFlaws } from './peer-apps.js'

/** A test client bound to a real express-session app, reading its MemoryStore through formats.expressSession. */
export function expressSessionClient(config: PeerConfig, flaws: PeerFlaws = {}): TestClient {
  const peer = expressSessionApp(config, flaws)
  const session = expressSession({ secret: PEER_SECRET, store: peer.store, name: peer.cookieName, cookie: peer.cookie as ExpressSessionCookieOptions })
  return createTestClient(peer.app, { session, origin: config === 'hardened' ? 'https://app.test' : 'http://127.0.0.1' })
}

/** A test client bound to a real cookie-session app through formats.cookieSession. */
export function cookieSessionClient(config: PeerConfig, flaws: Pick<PeerFlaws, 'noRegenerate'> = {}): TestClient {
  const { app } = cookieSessionApp(config, flaws)
  const session = cookieSession({ keys: [PEER_SECRET], ...(config === 'hardened' ? { secure: true, sameSite: 'strict' as const, maxAge: 3_600_000 } : {}) })
  return createTestClient(app, { session, origin: config === 'hardened' ? 'https://app.test' : 'http://127.0.0.1' })
}

export * from './errors.js'
export type { SessionData, SessionMeta, SessionStore, StoredSession } from './stores/types.js'
export type { CookieMap, FormatCookie, SessionFormat, SessionRead } from './formats/types.js'
export type { HttpMethod, RequestOptions, TestClient } from './client/types.js'
export * from './cookies/index.js'
export * from './signing/index.js'
export * as formats from './formats/index.js'
export type {
  CookieSessionOptions,
  ExpressSessionCookieOptions,
  ExpressSessionOptions,
  ExpressSessionStore,
  FlaskFormatOptions,
  IronSessionFormatOptions,
} from './formats/index.js'
export * from './client/index.js'
export * from './fixtures/index.js'

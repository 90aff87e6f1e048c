/**
 * Deliberately broken variants of the reference app, one per security check, to prove each check
 * catches its flaw: a check must pass on `createBaseline()` and fail on `createApp()`.
 *
 * Every variant serves the routes of reference-app.ts (`POST /login` `{ email, password }` or
 * `{ userId }`, `POST /logout`, `GET /me` → 200 `{ user_id }` / 401, `GET /anon` (stores nothing),
 * `POST /cart` `{ item }`, `GET /cart`, `POST /password`, `GET /session`). `createApp()` returns
 * `{ app, config, format, store }`: `config` is the public configuration the middleware runs
 * with (the format-config: pass it to `formats.reference`), `format` is `formats.reference(config)`.
 * The flaw itself comes from an internal `UnsafeOptions` switch or from the app's own login route,
 * never from the public config, so the format still describes the app as it claims to be.
 *
 * Test users: `TEST_USERS` (ada@example.test / correct horse battery staple, id 1).
 * Keys: `TEST_SECRET` signs; variants with rotation verify `TEST_FALLBACK` too; `TEST_RETIRED` is a
 * key the app no longer lists (K4: `retiredKey`).
 */
import { stores } from '../../src/stores/index.js'
import { createReferenceApp, TEST_FALLBACK, TEST_RETIRED, type ReferenceApp, type ReferenceAppOptions } from './reference-app.js'

/** One broken variant: the app with one protection removed, and the same app without the flaw. */
export interface BrokenVariant {
  /** The CHECKS.md ID the flaw breaks. */
  id: string
  description: string
  /** A fresh instance of the broken app (own store). */
  createApp(): ReferenceApp
  /** A fresh instance of the same app with the protection in place. */
  createBaseline(): ReferenceApp
  /** K4: a key the app has retired (its cookies must be anonymous on the baseline). */
  retiredKey?: string
}

function variant(id: string, description: string, options: () => ReferenceAppOptions, extra: Partial<BrokenVariant> = {}): BrokenVariant {
  return {
    id,
    description,
    createApp: () => createReferenceApp(options()),
    createBaseline: () => {
      const { unsafe: _unsafe, naiveLogin: _naiveLogin, noRevalidate: _noRevalidate, ...safe } = options()
      return createReferenceApp(safe)
    },
    ...extra,
  }
}

const memory = () => ({ store: stores.memory() })
const rotating = { secretKeyFallbacks: [TEST_FALLBACK] }

/**
 * The broken variants, keyed by the check ID each one breaks.
 *
 * @example
 * ```ts
 * const { app, format } = brokenVariants.L1.createApp()
 * await expect(createTestClient(app, { session: format })).not.toRotateSessionOn(...)
 * ```
 */
export const brokenVariants = {
  A1: variant('A1', 'session cookie without Secure', () => ({ unsafe: { cookieAttributes: { secure: false } } })),
  A2: variant('A2', 'session cookie without HttpOnly', () => ({ unsafe: { cookieAttributes: { httpOnly: false } } })),
  A3: variant('A3', 'SameSite=None without Secure', () => ({ unsafe: { cookieAttributes: { sameSite: 'None', secure: false } } })),
  A4: variant('A4', '__Host- cookie with a Domain attribute', () => ({ config: { cookieName: '__Host-sid' }, unsafe: { cookieAttributes: { domain: 'app.test' } } })),
  A5: variant('A5', 'Domain=app.test instead of a host-only cookie', () => ({ unsafe: { cookieAttributes: { domain: 'app.test' } } })),
  A6: variant('A6', 'Path=/account instead of /', () => ({ unsafe: { cookieAttributes: { path: '/account' } } })),
  A8: variant('A8', 'sends cookies over 4096 bytes (POST /cart with a large item)', () => ({ unsafe: { skipSizeLimit: true } })),
  A9: variant('A9', 'permanent cookie with Max-Age of 401 days', () => ({ config: { permanent: true }, unsafe: { maxAgeSeconds: 401 * 86_400 } })),
  A10: variant('A10', 'Partitioned without Secure', () => ({ config: { cookie: { partitioned: true } }, unsafe: { cookieAttributes: { secure: false } } })),
  A11: variant('A11', 'no Vary: Cookie on responses that read or set the session', () => ({ unsafe: { skipVary: true } })),
  L1: variant('L1', 'login keeps the session id and data (memory store): a planted probe survives', () => ({ config: memory(), naiveLogin: true })),
  L2: variant('L2', 'login keeps the session id (memory store): the pre-login cookie becomes authenticated', () => ({ config: memory(), naiveLogin: true })),
  L3: variant('L3', 'adopts a validly signed, never-issued id and stores data under it (memory store)', () => ({ config: memory(), unsafe: { adoptUnknownIds: true } })),
  L5: variant('L5', 'logout destroys the entry but sends no deletion header (memory store)', () => ({ config: memory(), unsafe: { skipDeletionHeader: true } })),
  L6: variant('L6', 'logout only clears the cookie: the store entry stays valid (memory store)', () => ({ config: memory(), noRevalidate: true, unsafe: { keepEntryOnDestroy: true } })),
  L7: variant('L7', 'idle timeout (600 s) left to the cookie: the server does not check it', () => ({ config: { idleTimeoutSeconds: 600 }, unsafe: { skipTimeChecks: true } })),
  L8: variant('L8', 'absolute timeout (3600 s) not enforced by the server', () => ({ config: { absoluteTimeoutSeconds: 3600 }, unsafe: { skipTimeChecks: true } })),
  L9: variant('L9', 'permanent session (3600 s) whose signed timestamps are not checked', () => ({ config: { permanent: true, lifetimeSeconds: 3600 }, unsafe: { skipTimeChecks: true } })),
  L10: variant('L10', 'POST /password does not end the other stateless sessions (no revalidate)', () => ({ noRevalidate: true })),
  L15: variant('L15', 'anonymous requests that store nothing get a session cookie', () => ({ unsafe: { saveUninitialized: true } })),
  T1: variant('T1', 'the cookie signature is not checked', () => ({ unsafe: { skipSignatureCheck: true } })),
  T3: variant('T3', 'unsigned base64 JSON ({"user_id":1}) is accepted as session data', () => ({ unsafe: { skipSignatureCheck: true } })),
  T5: variant('T5', 'signature timestamps are not checked (too old or in the future)', () => ({ config: { lifetimeSeconds: 3600 }, unsafe: { skipTimeChecks: true } })),
  T6: variant('T6', 'session ids from a counter (memory store): unique but not random', () => ({ config: memory(), unsafe: { predictableIds: true } })),
  T8: variant('T8', '__Host-sid matched case-insensitively (__HOST-sid is read)', () => ({ config: { cookieName: '__Host-sid' }, unsafe: { caseInsensitiveName: true } })),
  K1: variant('K1', 'fallback keys are ignored: cookies signed before rotation are anonymous', () => ({ config: rotating, unsafe: { ignoreFallbacks: true } })),
  K2: variant('K2', 'signs with the fallback key instead of the current one', () => ({ config: rotating, unsafe: { signWithFallback: true } })),
  K3: variant('K3', 'a cookie verified by a fallback key is not re-issued', () => ({ config: rotating, unsafe: { skipKeyReissue: true } })),
  K4: variant('K4', 'a retired key (TEST_RETIRED) still verifies', () => ({ config: rotating, unsafe: { extraVerifyKeys: [TEST_RETIRED] } }), { retiredKey: TEST_RETIRED }),
  K5: variant('K5', 'a cookie signed with any (unknown) key is accepted: the signature is not checked', () => ({ unsafe: { skipSignatureCheck: true } })),
} satisfies Record<string, BrokenVariant>

/** The IDs that have a broken variant. */
export type BrokenVariantId = keyof typeof brokenVariants

// The reference middleware (built dist) wired for the throughput server, per store, with settings
// equivalent to the peers': permanent 1-day sessions, not re-issued on every request (the peers
// neither roll the cookie nor re-sign unchanged sessions), HttpOnly, SameSite=Lax; Secure off
// because the benchmark talks plain http (autocannon sends the cookie either way).
export async function referenceAccess(storeKind, { secret, maxAgeMs, redisUrl, prefix }) {
  const { loadReference, loadRedis } = await import('../lib/kit.js')
  const ref = await loadReference()
  let store
  if (storeKind === 'memory') store = ref.stores.memory()
  else if (storeKind === 'redis') {
    const { redisStore } = await loadRedis()
    const { Redis } = await import('ioredis')
    const client = new Redis(redisUrl)
    store = redisStore(client, { prefix })
  } else store = ref.stores.cookie()
  const middleware = ref.createSessionMiddleware({
    secretKey: secret,
    store,
    permanent: true,
    lifetimeSeconds: maxAgeMs / 1000,
    refreshEachRequest: false,
    cookieName: 'sid',
    cookie: { secure: false, httpOnly: true, sameSite: 'Lax' },
  })
  return {
    middleware,
    user: (req) => ref.getSession(req).data.user_id,
    bump: (req) => {
      const data = ref.getSession(req).data
      data.views = (data.views ?? 0) + 1
      return data.views
    },
    login: (req) => ref.login(req, 1, { views: 0 }),
  }
}

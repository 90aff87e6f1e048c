import { describe, expect, it } from 'vitest'
import type { TestClient } from '../../src/client/types.js'
import { cookieSessionClient, expressSessionClient } from './lifecycle-clients.js'
import { brokenVariants } from '../support/broken-variants.js'
import { closeClientsAfterEach, failureMessage } from '../support/close-clients.js'
import { createReferenceApp } from '../support/reference-app.js'
import { referenceClient } from './reference-clients.js'

const track = closeClientsAfterEach()

describe('toRotateSessionOn(action, { probe }?)', () => {
  describe.each(['default', 'hardened'] as const)('against express-session (%s config)', (config) => {
    it('L1, L2: passes when login regenerates the session', async () => {
      const client = track(expressSessionClient(config))
      await expect(client).toRotateSessionOn(() => client.post('/login'), { probe: '/me' })
      await client.get('/me').expect(200)
    })

    it('L1, L2: fails naming both rules when login keeps the session (fixation)', async () => {
      const client = track(expressSessionClient(config, { noRegenerate: true }))
      const message = await failureMessage(expect(client).toRotateSessionOn(() => client.post('/login'), { probe: '/me' }))
      expect(message).toContain('L1 the probe key planted before the action survived it')
      expect(message).toContain('L1 the session id did not change')
      expect(message).toContain('L2 the pre-action session is still in the store')
      expect(message).toContain('L2 the pre-action cookie replayed to /me is authenticated (HTTP 200)')
    })
  })

  describe.each(['default', 'hardened'] as const)('against cookie-session (%s config)', (config) => {
    it('L1, L2: passes when login replaces the session', async () => {
      const client = track(cookieSessionClient(config))
      await expect(client).toRotateSessionOn(() => client.post('/login'), { probe: '/me' })
    })

    it('L1: fails when login adds to the pre-login session', async () => {
      const client = track(cookieSessionClient(config, { noRegenerate: true }))
      await expect(expect(client).toRotateSessionOn(() => client.post('/login'))).rejects.toThrow(/L1 the probe key planted before the action survived it/)
    })
  })

  describe('failure messages', () => {
    it('lists each rule with the action response, redacted', async () => {
      const client = track(cookieSessionClient('default', { noRegenerate: true }))
      await expect(expect(client).toRotateSessionOn(() => client.post('/login'))).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).toRotateSessionOn(action)

        session cookie "session" (cookie-session) was not rotated by the action:
          L1 the probe key planted before the action survived it: the pre-action session was kept

        The action's response:
        Set-Cookie: session=eyJzZX…; path=/; httponly
        Set-Cookie: session.sig=WYz6Au…; path=/; httponly]
      `)
    })

    it('has a distinct .not message', async () => {
      const client = track(cookieSessionClient('default'))
      await expect(expect(client).not.toRotateSessionOn(() => client.post('/login'), { probe: '/me' })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).not.toRotateSessionOn(action, { probe: "/me" })

        session cookie "session" (cookie-session) was rotated by the action (probe key gone, new cookie value, pre-action cookie carries no session); expected it not to be (L1, L2).

        The action's response:
        Set-Cookie: session=eyJ1c2…; path=/; httponly
        Set-Cookie: session.sig=tXzSUi…; path=/; httponly]
      `)
    })
  })

  describe('when misused', () => {
    it('throws TypeError for a receiver that is not a test client', async () => {
      await expect(expect({}).toRotateSessionOn(() => undefined)).rejects.toThrow(TypeError)
    })

    it('throws TypeError when the action is not a function', async () => {
      const client = track(cookieSessionClient('default'))
      await expect(expect(client).toRotateSessionOn('POST /login' as never)).rejects.toThrow(TypeError)
    })

    it('throws TypeError when probe is not a path', async () => {
      const client = track(cookieSessionClient('default'))
      await expect(expect(client).toRotateSessionOn(() => client.post('/login'), { probe: 'me' })).rejects.toThrow(TypeError)
    })
  })

  describe('against the reference app and its broken variants', () => {
    const login = (client: TestClient) => () => client.post('/login').send({ userId: 1 })

    it('L1, L2: passes the reference app with cookie and memory storage', async () => {
      for (const ref of [createReferenceApp(), brokenVariants.L1.createBaseline()]) {
        const client = track(referenceClient(ref))
        await expect(client).toRotateSessionOn(login(client), { probe: '/me' })
      }
    })

    it.each(['L1', 'L2'] as const)('%s: fails on the broken variant (login keeps the session), naming the rule', async (id) => {
      const client = track(referenceClient(brokenVariants[id].createApp()))
      const message = await failureMessage(expect(client).toRotateSessionOn(login(client), { probe: '/me' }))
      expect(message).toMatch(new RegExp(`\\n {2}${id} `))
      expect(message).toContain('L1 the session id did not change')
      expect(message).toContain('L2 the pre-action cookie replayed to /me is authenticated (HTTP 200)')
    })
  })
})

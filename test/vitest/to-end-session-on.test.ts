import { describe, expect, it } from 'vitest'
import type { TestClient } from '../../src/client/types.js'
import { cookieSessionClient, expressSessionClient } from './lifecycle-clients.js'
import { brokenVariants } from '../support/broken-variants.js'
import { closeClientsAfterEach, failureMessage } from '../support/close-clients.js'
import { createReferenceApp } from '../support/reference-app.js'
import { referenceClient } from './reference-clients.js'

const track = closeClientsAfterEach()

describe('toEndSessionOn(action, { probe })', () => {
  describe.each(['default', 'hardened'] as const)('against express-session (%s config)', (config) => {
    it('L5, L6: passes when logout destroys the session and clears the cookie', async () => {
      const client = track(expressSessionClient(config))
      await client.post('/login').expect(204)
      await expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })
    })

    it('L6: fails when logout leaves the session in the store', async () => {
      const client = track(expressSessionClient(config, { noDestroy: true }))
      await client.post('/login').expect(204)
      const message = await failureMessage(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' }))
      expect(message).toContain('L6 the store still holds the session')
      expect(message).toContain('L6 the cookie captured before the action, replayed to /me, is still authenticated (HTTP 200)')
      expect(message).not.toContain('L5')
    })

    it('L5: fails when logout clears the cookie on another Path', async () => {
      const client = track(expressSessionClient(config, { clearPath: '/logout' }))
      await client.post('/login').expect(204)
      const message = await failureMessage(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' }))
      expect(message).toContain('L5 Path is /logout, expected /')
      expect(message).not.toContain('L6')
    })
  })

  describe.each(['default', 'hardened'] as const)('against cookie-session (%s config)', (config) => {
    it('L6: fails, as a stateless cookie without revocation stays valid when replayed', async () => {
      const client = track(cookieSessionClient(config))
      await client.post('/login').expect(204)
      const message = await failureMessage(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' }))
      expect(message).toContain('L6 the cookie captured before the action, replayed to /me, is still authenticated (HTTP 200): a stateless cookie needs a revocation mechanism')
      expect(message).not.toContain('L5')
    })
  })

  describe('when the action returns no response', () => {
    it('L5: checks that the jar no longer holds the session cookie', async () => {
      const client = track(expressSessionClient('default'))
      await client.post('/login').expect(204)
      await expect(client).toEndSessionOn(async () => {
        await client.post('/logout')
      }, { probe: '/me' })
    })
  })

  describe('failure messages', () => {
    it('lists each rule with the action response, redacted', async () => {
      const client = track(cookieSessionClient('default'))
      await client.post('/login').expect(204)
      await expect(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).toEndSessionOn(action, { probe: "/me" })

        session cookie "session" (cookie-session) was not ended by the action:
          L6 the cookie captured before the action, replayed to /me, is still authenticated (HTTP 200): a stateless cookie needs a revocation mechanism

        The action's response:
        Set-Cookie: session=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly
        Set-Cookie: session.sig=fNvOEF…; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly]
      `)
    })

    it('has a distinct .not message', async () => {
      const client = track(expressSessionClient('default'))
      await client.post('/login').expect(204)
      await expect(expect(client).not.toEndSessionOn(() => client.post('/logout'), { probe: '/me' })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).not.toEndSessionOn(action, { probe: "/me" })

        session cookie "connect.sid" (express-session) was ended by the action (cookie cleared, store entry gone, replayed cookie anonymous at /me); expected it not to be (L5, L6).

        The action's response:
        Set-Cookie: connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT]
      `)
    })
  })

  describe('when misused', () => {
    it('throws TypeError without a probe path', async () => {
      const client = track(expressSessionClient('default'))
      await expect(expect(client).toEndSessionOn(() => client.post('/logout'), {} as never)).rejects.toThrow(TypeError)
    })

    it('throws TypeError when the client carries no session', async () => {
      const client = track(expressSessionClient('default'))
      await expect(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })).rejects.toThrow(/needs a client that carries a session/)
    })

    it('throws TypeError when the probe does not see the client as logged in', async () => {
      const client = track(cookieSessionClient('default'))
      await client.post('/logout')
      await client.setCookie('unrelated=1; Path=/')
      await expect(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })).rejects.toThrow(TypeError)
    })

    it('throws TypeError for a receiver that is not a test client', async () => {
      await expect(expect('sid=1').toEndSessionOn(() => undefined, { probe: '/me' })).rejects.toThrow(TypeError)
    })
  })

  describe('against the reference app and its broken variants', () => {
    const loggedIn = async (ref: Parameters<typeof referenceClient>[0]): Promise<TestClient> => {
      const client = track(referenceClient(ref))
      await client.post('/login').send({ userId: 1 }).expect(200)
      return client
    }

    it('L5, L6: passes the reference app with cookie storage (revocation) and memory storage', async () => {
      for (const ref of [createReferenceApp(), brokenVariants.L6.createBaseline()]) {
        const client = await loggedIn(ref)
        await expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })
      }
    })

    it('L5: fails on the variant that sends no deletion header', async () => {
      const client = await loggedIn(brokenVariants.L5.createApp())
      const message = await failureMessage(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' }))
      expect(message).toContain('L5 the response has no Set-Cookie for it')
      expect(message).not.toContain('L6')
    })

    it('L6: fails on the variant whose logout keeps the store entry', async () => {
      const client = await loggedIn(brokenVariants.L6.createApp())
      const message = await failureMessage(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' }))
      expect(message).toContain('L6 the store still holds the session')
      expect(message).toContain('L6 the cookie captured before the action, replayed to /me, is still authenticated (HTTP 200)')
    })

    it('L6: fails on the stateless variant without revocation (L10 variant)', async () => {
      const client = await loggedIn(brokenVariants.L10.createApp())
      await expect(expect(client).toEndSessionOn(() => client.post('/logout'), { probe: '/me' })).rejects.toThrow(/L6 .* a stateless cookie needs a revocation mechanism/)
    })
  })
})

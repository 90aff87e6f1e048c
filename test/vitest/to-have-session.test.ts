import { describe, expect, it } from 'vitest'
import { sessionTransaction } from '../../src/client/index.js'
import { cookieSessionClient, expressSessionClient } from './lifecycle-clients.js'
import { closeClientsAfterEach } from '../support/close-clients.js'
import { createReferenceApp } from '../support/reference-app.js'
import { referenceClient } from './reference-clients.js'

const track = closeClientsAfterEach()

describe('toHaveSession(partial)', () => {
  describe.each([
    ['express-session', expressSessionClient],
    ['cookie-session', cookieSessionClient],
  ] as const)('against %s', (_, makeClient) => {
    it.each(['default', 'hardened'] as const)('passes once the app logged the client in (%s config)', async (config) => {
      const client = track(makeClient(config))
      await client.post('/login').expect(204)
      await expect(client).toHaveSession({ user_id: 1 })
      await expect(client).toHaveSession({ user_id: expect.any(Number) })
      await expect(client).not.toHaveSession({ user_id: 2 })
    })

    it('sees what sessionTransaction injected, and the app sees it too', async () => {
      const client = track(makeClient('default'))
      await sessionTransaction(client, (s) => {
        s.user_id = 7
        s.cart = ['book']
      })
      await expect(client).toHaveSession({ cart: ['book'] })
      await client.get('/me').expect(200, { user_id: 7 })
    })
  })

  describe('failure messages', () => {
    it('shows expected versus received entries and the session keys', async () => {
      const client = track(cookieSessionClient('default'))
      await client.post('/login').expect(204)
      await expect(expect(client).toHaveSession({ user_id: 2, role: 'admin' })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).toHaveSession({"role": "admin", "user_id": 2})

        the cookie-session session (cookie "session") does not contain the expected entries:
          user_id: expected 2, received 1
          role: expected "admin", received undefined

        Session keys: user_id]
      `)
    })

    it('has a distinct .not message', async () => {
      const client = track(cookieSessionClient('default'))
      await client.post('/login').expect(204)
      await expect(expect(client).not.toHaveSession({ user_id: 1 })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).not.toHaveSession({"user_id": 1})

        the cookie-session session (cookie "session") contains {"user_id": 1}; expected it not to.]
      `)
    })

    it('says when the client carries no session cookie', async () => {
      const client = track(cookieSessionClient('default'))
      await expect(expect(client).toHaveSession({ user_id: 1 })).rejects.toThrowErrorMatchingInlineSnapshot(`
        [Error: await expect(client).toHaveSession({"user_id": 1})

        the client carries no cookie-session session cookie "session".]
      `)
    })
  })

  describe('when misused', () => {
    it('throws TypeError for a non-object expectation or a non-client receiver', async () => {
      const client = track(cookieSessionClient('default'))
      await expect(expect(client).toHaveSession('user_id' as never)).rejects.toThrow(TypeError)
      await expect(expect(new Headers()).toHaveSession({})).rejects.toThrow(TypeError)
    })
  })

  describe('against the reference app', () => {
    it('reads the session the app wrote at login, and what sessionTransaction injected', async () => {
      const client = track(referenceClient(createReferenceApp()))
      await client.post('/login').send({ userId: 1 }).expect(200)
      await expect(client).toHaveSession({ user_id: 1, sid: expect.any(String) })
      await sessionTransaction(client, (s) => {
        s.cart = ['tea']
      })
      await expect(client).toHaveSession({ user_id: 1, cart: ['tea'] })
      await client.get('/cart').expect(200, { cart: ['tea'] })
    })
  })
})

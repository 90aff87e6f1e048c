import type { Response } from 'supertest'
import { createTestClient } from '../../src/client/index.js'
import type { TestClient } from '../../src/client/types.js'
import type { ReferenceApp } from '../support/reference-app.js'

/** A test client on the reference app (or a broken variant), https origin, reading it through its format. */
export function referenceClient(ref: ReferenceApp): TestClient {
  return createTestClient(ref.app, { session: ref.format, origin: 'https://app.test' })
}

/** The response of `POST /login` as user 1 (optionally after `before` ran on the same client). */
export async function loginResponse(ref: ReferenceApp, before?: (client: TestClient) => Promise<unknown>): Promise<Response> {
  const client = referenceClient(ref)
  try {
    await before?.(client)
    return await client.post('/login').send({ userId: 1 })
  } finally {
    await client.close()
  }
}

/** The response of `POST /logout` for a client logged in as user 1. */
export async function logoutResponse(ref: ReferenceApp): Promise<Response> {
  const client = referenceClient(ref)
  try {
    await client.post('/login').send({ userId: 1 }).expect(200)
    return await client.post('/logout')
  } finally {
    await client.close()
  }
}

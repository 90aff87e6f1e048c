import express from 'express'
import { getIronSession } from 'iron-session'
import type { SessionOptions } from 'iron-session'

interface SessionData {
  user_id?: number
}

// The same options go to the app and to the test's session format: the highest id seals, all unseal.
export const sessionOptions: SessionOptions = {
  cookieName: 'app_session',
  password: {
    1: process.env.OLD_SESSION_PASSWORD ?? 'previous password, still accepted!!',
    2: process.env.SESSION_PASSWORD ?? 'current password of at least 32 chars',
  },
}

export const app = express()
app.use(express.json())

app.post('/login', async (req, res) => {
  if (req.body?.email !== 'ada@example.com' || req.body?.password !== 'correct horse') {
    res.status(401).end()
    return
  }
  const session = await getIronSession<SessionData>(req, res, sessionOptions)
  session.user_id = 42
  await session.save()
  res.status(204).end()
})

app.get('/me', async (req, res) => {
  const session = await getIronSession<SessionData>(req, res, sessionOptions)
  if (session.user_id === undefined) res.status(401).json({ error: 'not logged in' })
  else res.json({ user_id: session.user_id })
})

app.post('/logout', async (req, res) => {
  const session = await getIronSession<SessionData>(req, res, sessionOptions)
  session.destroy()
  res.status(204).end()
})

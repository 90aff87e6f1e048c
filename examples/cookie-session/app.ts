import cookieSession from 'cookie-session'
import express from 'express'

// The same options go to the app and to the test's session format: the first key signs, all verify.
export const sessionOptions = {
  keys: [process.env.SESSION_KEY ?? 'current key of at least 32 bytes!!!!', 'previous key, still accepted'],
  sameSite: 'lax' as const,
  maxAge: 7 * 24 * 60 * 60 * 1000,
}

// This repository installs express-session too, whose typings also claim `req.session`. In a
// project with cookie-session alone, write `req.session = { user_id: 42 }` without this cast.
const withSession = (req: express.Request) => req as unknown as { session: { user_id?: number } | null }

export const app = express()
app.use(express.json())
app.use(cookieSession(sessionOptions))

app.post('/login', (req, res) => {
  if (req.body?.email !== 'ada@example.com' || req.body?.password !== 'correct horse') {
    res.status(401).end()
    return
  }
  withSession(req).session = { user_id: 42 }
  res.status(204).end()
})

app.get('/me', (req, res) => {
  const userId = withSession(req).session?.user_id
  if (userId === undefined) res.status(401).json({ error: 'not logged in' })
  else res.json({ user_id: userId })
})

app.post('/logout', (req, res) => {
  withSession(req).session = null
  res.status(204).end()
})

import express from 'express'
import session from 'express-session'

declare module 'express-session' {
  interface SessionData {
    user_id?: number
  }
}

// The same store and secrets go to the app and to the test's session format.
export const store = new session.MemoryStore()
export const secret = [process.env.SESSION_SECRET ?? 'current secret of at least 32 bytes!!', 'previous secret, still accepted']

export const app = express()
app.use(express.json())
app.use(session({ secret, store, resave: false, saveUninitialized: false }))

app.post('/login', (req, res, next) => {
  if (req.body?.email !== 'ada@example.com' || req.body?.password !== 'correct horse') {
    res.status(401).end()
    return
  }
  // A new session id at login (session fixation, ASVS 3.2.1).
  req.session.regenerate((err) => {
    if (err) return next(err)
    req.session.user_id = 42
    res.status(204).end()
  })
})

app.get('/me', (req, res) => {
  if (req.session.user_id === undefined) res.status(401).json({ error: 'not logged in' })
  else res.json({ user_id: req.session.user_id })
})

app.post('/logout', (req, res, next) => {
  req.session.destroy((err) => {
    if (err) return next(err)
    res.clearCookie('connect.sid').status(204).end()
  })
})

import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StoreError } from '../errors.js'
import { decodeTaggedJson, encodeTaggedJson } from '../signing/tagged-json.js'
import { isStoredSession } from './stored-session.js'
import type { SessionStore, StoredSession } from './types.js'

/**
 * A {@link SessionStore} that keeps one JSON file per session in a directory.
 *
 * @example
 * ```ts
 * const store: FilesystemStore = stores.filesystem(join(tmpdir(), 'sessions'))
 * ```
 */
export interface FilesystemStore extends SessionStore {
  readonly directory: string
}

// The file name is a hash of the id, so no id (even one an attacker chose) can name a path.
const fileName = (id: string): string => `${createHash('sha256').update(id).digest('hex')}.json`

/**
 * A store with one tagged-JSON file per session (like Flask-Session's filesystem backend).
 * Writes are atomic (temp file + rename); expired entries read as missing and are removed.
 * A file that cannot be read or decoded raises {@link StoreError} (fail closed).
 *
 * @example
 * ```ts
 * createSessionMiddleware({ secretKey, store: stores.filesystem('/var/lib/app/sessions') })
 * ```
 */
export function filesystemStore(directory: string): FilesystemStore {
  let ready: Promise<unknown> | undefined
  const ensureDir = (): Promise<unknown> => (ready ??= mkdir(directory, { recursive: true, mode: 0o700 }))
  const path = (id: string): string => join(directory, fileName(id))
  const fail = (what: string, cause: unknown): StoreError =>
    new StoreError(`filesystem store could not ${what}. Check that ${directory} exists, is writable and holds only session files.`, { cause })

  const write = async (id: string, session: StoredSession, ttlSeconds: number): Promise<void> => {
    try {
      await ensureDir()
      const temp = join(directory, `.${randomBytes(8).toString('hex')}.tmp`)
      await writeFile(temp, encodeTaggedJson({ expiresAt: Date.now() + ttlSeconds * 1000, session }), { mode: 0o600 })
      await rename(temp, path(id))
    } catch (cause) {
      throw fail('write a session', cause)
    }
  }

  return {
    kind: 'filesystem',
    directory,
    async get(id) {
      let text: string
      try {
        text = await readFile(path(id), 'utf8')
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw fail('read a session', cause)
      }
      let entry: unknown
      try {
        entry = decodeTaggedJson(text)
      } catch (cause) {
        throw fail('decode a session file', cause)
      }
      const { expiresAt, session } = (entry ?? {}) as { expiresAt?: unknown; session?: unknown }
      if (typeof expiresAt !== 'number' || !isStoredSession(session)) throw fail('decode a session file', new TypeError('unexpected shape'))
      if (expiresAt <= Date.now()) {
        await rm(path(id), { force: true })
        return null
      }
      return session
    },
    set: write,
    touch: write,
    async destroy(id) {
      try {
        await rm(path(id), { force: true })
      } catch (cause) {
        throw fail('delete a session', cause)
      }
    },
  }
}

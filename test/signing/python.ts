import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Whether Debian's python3 with Flask/itsdangerous is available for byte-level cross-checks. */
export const hasFlask = existsSync('/usr/bin/python3') && (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import flask, itsdangerous'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** Runs a Python snippet that prints its answer; `input` is passed on stdin. */
export function python(code: string, input = ''): string {
  return execFileSync('/usr/bin/python3', ['-c', code], { input, encoding: 'utf8' }).trim()
}

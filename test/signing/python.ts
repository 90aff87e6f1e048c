import { execFileSync } from 'node:child_process'

/**
 * Runs a Python snippet with Debian's python3 (Flask and itsdangerous installed, as in CI) for
 * byte-level cross-checks; it prints its answer, `input` is passed on stdin.
 */
export function python(code: string, input = ''): string {
  return execFileSync('/usr/bin/python3', ['-c', code], { input, encoding: 'utf8' }).trim()
}

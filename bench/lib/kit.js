// Loads the BUILT package (dist/, through the package's own exports map: `session-testkit`
// resolves to ./dist/index.js from inside this repository) and reports which features exist, so
// each benchmark can say "not measured: <feature> missing" instead of crashing.
import { URL } from 'node:url'
import { existsSync } from 'node:fs'

const distUrl = new URL('../../dist/index.js', import.meta.url)

export async function loadEntry(specifier) {
  if (!existsSync(distUrl)) throw new Error('bench: dist/ is missing; run `npm run build` (npm run bench does it)')
  return import(specifier)
}

export const loadCore = () => loadEntry('session-testkit')
export const loadReference = () => loadEntry('session-testkit/reference')
export const loadRedis = () => loadEntry('session-testkit/redis')

/** Throws a "not measured" error naming the missing exports. */
export function need(mod, names, entry) {
  const missing = names.filter((n) => mod[n] === undefined)
  if (missing.length) {
    const error = new Error(`not measured: ${entry} does not export ${missing.join(', ')} yet`)
    error.notMeasured = true
    throw error
  }
}

/**
 * A session format factory by name: DESIGN has them under `formats.*`; the core barrel may also
 * (or only) export them flat (`expressSession`).
 */
export function formatFactory(core, name) {
  const factory = core.formats?.[name] ?? core[name]
  if (typeof factory !== 'function') {
    const error = new Error(`not measured: session-testkit exports neither formats.${name} nor ${name} yet`)
    error.notMeasured = true
    throw error
  }
  return factory
}

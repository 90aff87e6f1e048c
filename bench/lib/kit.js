// Loads the BUILT package and reports which features exist, so each benchmark can say
// "not measured: <feature> missing" instead of crashing. By default the entries are the
// repository's dist/ (what `npm run build` writes and the package's exports point to);
// BENCH_DIST=<dir> points at another build of the same layout (e.g. a private build while the
// shared dist/ is being rebuilt).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL, URL } from 'node:url'

const distDir = process.env.BENCH_DIST
  ? pathToFileURL(path.resolve(process.env.BENCH_DIST) + path.sep)
  : new URL('../../dist/', import.meta.url)

/** The file URL of an entry: `entryUrl('session-testkit/reference')` -> .../dist/reference/index.js */
export function entryUrl(specifier) {
  const sub = specifier.replace(/^session-testkit\/?/, '')
  return new URL(sub ? `${sub}/index.js` : 'index.js', distDir).href
}

export async function loadEntry(specifier) {
  const url = entryUrl(specifier)
  if (!existsSync(new URL(url))) throw new Error(`bench: ${url} is missing; run \`npm run build\` (npm run bench does it)`)
  return import(url)
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

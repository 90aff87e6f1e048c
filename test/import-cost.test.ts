// Heavy or optional dependencies must not load until used (DESIGN "Public entry points", issue 7).
// Each check imports the SOURCES in a fresh Node process, so it needs no build and cannot be
// fooled by a stale dist/: a module.register hook strips the types with esbuild (the compiler tsup
// builds dist/ with, so the import graph is the same), maps `./x.js` to `./x.ts`, and records
// every URL it resolves. CommonJS packages (pg, ioredis, better-sqlite3, testcontainers) also show
// up in the child's require.cache, which catches files they require() internally.
// The built dist/ is measured the same way by `npm run bench -- import`.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const srcUrl = (file: string): string => pathToFileURL(path.join(root, 'src', file)).href

const HOOKS = `
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
let file
let esbuild
export async function initialize(data) {
  file = data.file
  esbuild = await import(data.esbuildUrl)
}
export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', context.parentURL)
    if (existsSync(fileURLToPath(url))) {
      appendFileSync(file, url.href + '\\n')
      return { url: url.href, format: 'module', shortCircuit: true }
    }
  }
  const result = await next(specifier, context)
  appendFileSync(file, result.url + '\\n')
  return result
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context)
  const sourcefile = fileURLToPath(url)
  const { code } = await esbuild.transform(readFileSync(sourcefile, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile,
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  })
  return { format: 'module', source: code, shortCircuit: true }
}`

/** Imports each specifier in turn; after each, prints the packages loaded so far (cumulative). */
const PROBE = `
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
const loaded = () => {
  const files = Object.keys(createRequire(import.meta.url).cache)
  for (const url of readFileSync(process.env.RECORD_URLS_FILE, 'utf8').split('\\n')) {
    if (url.startsWith('file:')) files.push(fileURLToPath(url))
  }
  const packages = new Set()
  for (const file of files) {
    const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/](.*)$/.exec(file)
    if (!m) continue
    const name = m[1].replace('\\\\', '/')
    packages.add(name === '@faker-js/faker' && /^dist[\\\\/]index\\.js$/.test(m[2]) ? '@faker-js/faker (full locale set)' : name)
  }
  return [...packages].sort()
}
const result = {}
for (const specifier of JSON.parse(process.env.PROBE_SPECIFIERS)) {
  await import(specifier)
  result[specifier] = loaded()
}
console.log(JSON.stringify(result))`

const register = (hooksFile: string, urlsFile: string, esbuildUrl: string): string =>
  'data:text/javascript,' +
  encodeURIComponent(
    `import { register } from 'node:module'\n` +
      `register(${JSON.stringify(pathToFileURL(hooksFile).href)}, { data: ${JSON.stringify({ file: urlsFile, esbuildUrl })} })`,
  )

let dir: string
let probeCount = 0

/** Runs the probe in a fresh process; returns, per specifier, the packages loaded up to it. */
async function probe(specifiers: string[]): Promise<Record<string, string[]>> {
  const hooksFile = path.join(dir, 'hooks.mjs')
  const urlsFile = path.join(dir, `urls-${probeCount++}.txt`)
  // esbuild, resolved through tsup (the build tool, a devDependency): the same transform dist/ gets.
  const tsup = createRequire(import.meta.url).resolve('tsup')
  const esbuildUrl = pathToFileURL(createRequire(tsup).resolve('esbuild')).href
  const env: NodeJS.ProcessEnv = { ...process.env, RECORD_URLS_FILE: urlsFile, PROBE_SPECIFIERS: JSON.stringify(specifiers) }
  delete env.NODE_OPTIONS
  const { stdout } = await run(
    process.execPath,
    ['--import', register(hooksFile, urlsFile, esbuildUrl), '--input-type=module', '-e', PROBE],
    { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
  )
  const last = stdout.trim().split('\n').at(-1) ?? '{}'
  return JSON.parse(last) as Record<string, string[]>
}

const HEAVY = ['@faker-js/faker (full locale set)', 'ioredis', 'testcontainers', '@testcontainers/redis', 'pg', 'better-sqlite3']
const CORE = srcUrl('index.ts')
const REFERENCE = srcUrl('reference/index.ts')
const VITEST = srcUrl('vitest/index.ts')

let entries: Record<string, string[]>
let controls: Record<string, string[]>

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'stk-import-cost-'))
  await writeFile(path.join(dir, 'hooks.mjs'), HOOKS)
  // Cumulative: what the core loads, then the core + reference, then all three entries.
  ;[entries, controls] = await Promise.all([probe([CORE, REFERENCE, VITEST]), probe(['pg', '@faker-js/faker'])])
}, 60_000)

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('the import probe (control)', () => {
  it('detects a CommonJS package (pg) and faker\'s full locale set when they are imported', () => {
    expect(controls['pg']).toContain('pg')
    expect(controls['@faker-js/faker']).toContain('@faker-js/faker (full locale set)')
  })

  it('sees what the core entry loads statically by design (supertest, tough-cookie)', () => {
    // Proves the sources were really imported: otherwise the checks below would pass vacuously.
    expect(entries[CORE]).toEqual(expect.arrayContaining(['supertest', 'tough-cookie']))
  })

})

describe("import('session-testkit')", () => {
  it('loads none of faker (full locale set), ioredis, testcontainers, pg, better-sqlite3 or vitest', () => {
    expect(entries[CORE]?.filter((p) => [...HEAVY, 'vitest'].includes(p))).toEqual([])
  })
})

describe("import('session-testkit/reference')", () => {
  it('loads none of faker (full locale set), ioredis, testcontainers, pg, better-sqlite3 or vitest', () => {
    expect(entries[REFERENCE]?.filter((p) => [...HEAVY, 'vitest'].includes(p))).toEqual([])
  })
})

describe("import('session-testkit/vitest')", () => {
  it('loads none of faker (full locale set), ioredis, testcontainers, pg or better-sqlite3', () => {
    expect(entries[VITEST]?.filter((p) => HEAVY.includes(p))).toEqual([])
  })
})

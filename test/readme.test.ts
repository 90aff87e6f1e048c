import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

// README snippets are copies of code that runs: each ```ts block preceded by
// `<!-- snippet: path -->` must appear verbatim (modulo indentation) in that tested file.
const root = new URL('../', import.meta.url)
const normalise = (code: string): string =>
  code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n')

const readme = await readFile(new URL('README.md', root), 'utf8')
const snippets = [...readme.matchAll(/<!-- snippet: (\S+) -->\s*```(?:ts|js|python|sh)\n([\s\S]*?)```/g)].map((m) => ({
  path: m[1] ?? '',
  code: m[2] ?? '',
}))

describe('README.md', () => {
  it('has snippets copied from tested files', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5)
  })

  it.each(snippets.map((s, i) => [`${i + 1}: ${s.path}`, s] as const))('snippet %s appears in its source file', async (_, snippet) => {
    const source = await readFile(new URL(snippet.path, root), 'utf8')
    expect(normalise(source)).toContain(normalise(snippet.code))
  })

  it('gives npm test as the test command, the one .ci/run runs', async () => {
    const ci = await readFile(new URL('.ci/run', root), 'utf8')
    expect(readme).toContain('npm test')
    expect(ci).toMatch(/^npm test$/m)
  })
})

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Examples and README snippets import the package by its published name; tests run the sources.
    alias: [
      { find: /^session-testkit\/vitest$/, replacement: src('vitest/index.ts') },
      { find: /^session-testkit\/reference$/, replacement: src('reference/index.ts') },
      { find: /^session-testkit\/redis\/global-setup$/, replacement: src('redis/global-setup.ts') },
      { find: /^session-testkit\/redis$/, replacement: src('redis/index.ts') },
      { find: /^session-testkit$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    setupFiles: ['./test/setup.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})

// Registers the matchers for every test file (session-testkit/vitest).
import '../src/vitest/index.js'

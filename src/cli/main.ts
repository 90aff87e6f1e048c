#!/usr/bin/env node
console.error('session-testkit: no commands yet')
process.exitCode = 1

/** Fake time for suites whose expiry and timestamp rules run against a fixed clock. */
import { afterEach, beforeEach, vi } from 'vitest'

/**
 * Fakes only `Date` (timers stay real) and sets it to `at` before each test of the calling file
 * or `describe`; restores real time after each.
 */
export function freezeDateEachTest(at: Date | number): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(at)
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}

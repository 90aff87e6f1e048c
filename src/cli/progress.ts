import type { CliIo } from './io.js'

/** A progress bar drawn on stderr when it is a terminal; silent otherwise (CI logs, pipes). */
export interface Progress {
  update(done: number, total: number): void
  /** Erases the bar so the summary line starts clean. */
  finish(): void
}

const WIDTH = 28
const INTERVAL_MS = 80

/**
 * Creates a progress bar for `label`, redrawn at most every 80 ms, only when stderr is a TTY
 * and the run is long enough to watch (`total >= minTotal`).
 */
export function createProgress(io: CliIo, label: string, minTotal: number): Progress {
  const now = io.now ?? (() => performance.now())
  let last = -Infinity
  let drawn = false
  return {
    update(done, total) {
      if (io.stderr.isTTY !== true || total < minTotal) return
      const t = now()
      if (done < total && t - last < INTERVAL_MS) return
      last = t
      const ratio = total === 0 ? 1 : done / total
      const filled = Math.round(ratio * WIDTH)
      io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`)
      drawn = true
    },
    finish() {
      if (drawn) io.stderr.write('\r\x1b[2K')
      drawn = false
    },
  }
}

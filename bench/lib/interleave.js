// Runs several variants in the same process, interleaved A B A B ..., so that load from other
// processes on the machine hits every variant alike. The ratio of medians is what we report.

/**
 * @param {{ rounds: number, warmup?: number, variants: Record<string, () => Promise<number>> }} options
 *   each variant function runs one sample and returns its measurement (ms per op, req/s, ...)
 * @returns {Promise<Record<string, number[]>>}
 */
export async function interleave({ rounds, warmup = 1, variants }) {
  const names = Object.keys(variants)
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  for (let round = 0; round < warmup + rounds; round++) {
    // Alternate the order each round (A B, B A, ...) so neither variant always runs second.
    const order = round % 2 === 0 ? names : [...names].reverse()
    for (const name of order) {
      const value = await variants[name]()
      if (round >= warmup) samples[name].push(value)
    }
  }
  return samples
}

/** Times `fn` `iterations` times sequentially and returns ms per iteration. */
export async function timePerOp(iterations, fn) {
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await fn(i)
  return Number(process.hrtime.bigint() - t0) / 1e6 / iterations
}

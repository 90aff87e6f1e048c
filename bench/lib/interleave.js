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

/**
 * Runs `fn` `iterations` times sequentially; returns wall-clock ms and process CPU ms (user +
 * system, all threads: scrypt's libuv pool included) per iteration. On a loaded machine the wall
 * time of latency-bound work (many event-loop turns per request) inflates with scheduling delay;
 * CPU time shows the work itself.
 */
export async function timePerOp(iterations, fn) {
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await fn(i)
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / iterations
  const cpu = process.cpuUsage(cpu0)
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 / iterations }
}

/** Splits samples of `{ ms, cpuMs }` into two arrays. */
export function split(samples) {
  return { ms: samples.map((s) => s.ms), cpuMs: samples.map((s) => s.cpuMs) }
}

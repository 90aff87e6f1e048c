// Summary statistics and formatting shared by every benchmark.

/** @param {number[]} xs */
export function summarize(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { median: NaN, min: NaN, max: NaN, n: 0 }
  const mid = Math.floor(n / 2)
  const median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted[n - 1], n }
}

/** Formats a number with 3 significant digits (thousands separated past 1,000). */
export function fmt(x) {
  if (!Number.isFinite(x)) return String(x)
  const abs = Math.abs(x)
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US')
  if (abs >= 100) return x.toFixed(0)
  if (abs >= 10) return x.toFixed(1)
  if (abs >= 1) return x.toFixed(2)
  return x.toPrecision(3)
}

/** `median (min-max) unit` */
export function fmtSummary(s, unit) {
  if (!s || !s.n) return 'n/a'
  return `${fmt(s.median)} ${unit} (${fmt(s.min)}-${fmt(s.max)})`
}

export function fmtRatio(r) {
  if (!Number.isFinite(r)) return 'n/a'
  return `${r >= 100 ? Math.round(r) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`
}

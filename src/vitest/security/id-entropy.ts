/**
 * A conservative estimate of the random bits in a set of issued ids (T6). Bits per character come
 * from the alphabet the ids use (4 for hex, 6 for base64url). A position that varies as a uniform
 * random character would (at least 3/4 of the distinct symbols expected from that many samples)
 * counts in full; any other varying position counts log2 of the symbols seen there, which credits
 * the last character of unpadded base64 (2 or 4 bits) and keeps a counter or a timestamp, which
 * varies at a few positions only, far below 128 bits. A constant position counts nothing.
 *
 * @example
 * ```ts
 * estimateIdBits(ids) // ≈ 256 for 32 random bytes in base64url, < 10 for a counter
 * ```
 */
export function estimateIdBits(ids: readonly string[]): number {
  if (ids.length < 2) return 0
  const k = new Set(ids.join('')).size
  if (k < 2) return 0
  const bitsPerChar = Math.log2(k)
  // Expected distinct symbols from n uniform draws over k symbols: k(1 - (1 - 1/k)^n).
  const expected = k * (1 - (1 - 1 / k) ** ids.length)
  const length = Math.max(...ids.map((id) => id.length))
  let bits = 0
  for (let at = 0; at < length; at++) {
    const seen = new Set(ids.map((id) => id.charAt(at))).size
    bits += seen >= 0.75 * expected ? bitsPerChar : Math.log2(seen)
  }
  return bits
}

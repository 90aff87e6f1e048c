/**
 * `zlib.compress(data)` byte for byte as Python links it (zlib 1.2.13, level 6: deflate_slow with
 * lazy matching, good 8 / lazy 16 / nice 128 / chain 128, 32 KB window, memLevel 8).
 *
 * Node bundles Chromium's zlib fork, whose matcher hashes differently: its output inflates to the
 * same bytes but differs from Python's, so itsdangerous' "compress when shorter" choice and the
 * cookie bytes would differ from Flask's. Payloads beyond one deflate block fall back to node:zlib.
 */
import { deflateSync } from 'node:zlib'
import { BlockWriter } from './zlib-trees.js'

const MIN_MATCH = 3
const MAX_MATCH = 258
const W_SIZE = 1 << 15
const W_MASK = W_SIZE - 1
const HASH_BITS = 15
const HASH_MASK = (1 << HASH_BITS) - 1
const HASH_SHIFT = 5
const GOOD_MATCH = 8
const MAX_LAZY = 16
const NICE_MATCH = 128
const MAX_CHAIN = 128
const TOO_FAR = 4096
// One block holds at most lit_bufsize - 1 = 16383 symbols and the window never slides below 32 KB - 262.
const MAX_EXACT_INPUT = 16_000

// Reused across calls (this is synchronous): every prev[] entry read was written by this call's inserts.
const head = new Int32Array(1 << HASH_BITS)
const prev = new Int32Array(W_SIZE)

function adler32(data: Uint8Array): number {
  let a = 1
  let b = 0
  for (const byte of data) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

/**
 * Compresses like Python's `zlib.compress(data)` (zlib 1.2.13, default level).
 *
 * @example
 * ```ts
 * deflateLikeZlib(Buffer.from('{"user_id":42}'))
 * ```
 */
export function deflateLikeZlib(input: Uint8Array): Buffer {
  if (input.length > MAX_EXACT_INPUT) return deflateSync(input)
  // Zero past the data, as zlib's high-water mark zeroes the window beyond what it read.
  const window = new Uint8Array(input.length + MAX_MATCH + 2)
  window.set(input)
  head.fill(0)
  const block = new BlockWriter()
  let lookahead = input.length
  let strstart = 0
  let insH = 0
  let matchStart = 0
  let matchLength = MIN_MATCH - 1
  let prevLength: number
  let prevMatch: number
  let matchAvailable = false

  if (lookahead >= MIN_MATCH) insH = (((window[0] ?? 0) << HASH_SHIFT) ^ (window[1] ?? 0)) & HASH_MASK
  const insertString = (str: number): number => {
    insH = ((insH << HASH_SHIFT) ^ (window[str + MIN_MATCH - 1] ?? 0)) & HASH_MASK
    const matchHead = head[insH] ?? 0
    prev[str & W_MASK] = matchHead
    head[insH] = str
    return matchHead
  }

  const longestMatch = (start: number): number => {
    let curMatch = start
    let chainLength = MAX_CHAIN
    let bestLen = prevLength
    let nice = NICE_MATCH
    const strend = strstart + MAX_MATCH
    let scanEnd1 = window[strstart + bestLen - 1]
    let scanEnd = window[strstart + bestLen]
    if (prevLength >= GOOD_MATCH) chainLength >>= 2
    if (nice > lookahead) nice = lookahead
    do {
      const match = curMatch
      if (window[match + bestLen] !== scanEnd || window[match + bestLen - 1] !== scanEnd1 || window[match] !== window[strstart] || window[match + 1] !== window[strstart + 1]) {
        continue
      }
      let scan = strstart + 2
      let m = match + 2
      // zlib compares from scan+3 on (the third byte is implied by the hash) up to MAX_MATCH.
      do {
        scan++
        m++
      } while (window[scan] === window[m] && scan < strend)
      const len = MAX_MATCH - (strend - scan)
      if (len > bestLen) {
        matchStart = curMatch
        bestLen = len
        if (len >= nice) break
        scanEnd1 = window[strstart + bestLen - 1]
        scanEnd = window[strstart + bestLen]
      }
    } while ((curMatch = prev[curMatch & W_MASK] ?? 0) > 0 && --chainLength !== 0)
    return bestLen <= lookahead ? bestLen : lookahead
  }

  while (lookahead > 0) {
    let hashHead = 0
    if (lookahead >= MIN_MATCH) hashHead = insertString(strstart)
    prevLength = matchLength
    prevMatch = matchStart
    matchLength = MIN_MATCH - 1
    if (hashHead !== 0 && prevLength < MAX_LAZY) {
      matchLength = longestMatch(hashHead)
      if (matchLength === MIN_MATCH && strstart - matchStart > TOO_FAR) matchLength = MIN_MATCH - 1
    }
    if (prevLength >= MIN_MATCH && matchLength <= prevLength) {
      const maxInsert = strstart + lookahead - MIN_MATCH
      block.match(strstart - 1 - prevMatch, prevLength - MIN_MATCH)
      lookahead -= prevLength - 1
      prevLength -= 2
      do {
        if (++strstart <= maxInsert) insertString(strstart)
      } while (--prevLength !== 0)
      matchAvailable = false
      matchLength = MIN_MATCH - 1
      strstart++
    } else if (matchAvailable) {
      block.literal(window[strstart - 1] ?? 0)
      strstart++
      lookahead--
    } else {
      matchAvailable = true
      strstart++
      lookahead--
    }
  }
  if (matchAvailable) block.literal(window[strstart - 1] ?? 0)
  block.finish(input)

  const checksum = adler32(input)
  return Buffer.from([0x78, 0x9c, ...block.out.bytes, checksum >>> 24, (checksum >>> 16) & 0xff, (checksum >>> 8) & 0xff, checksum & 0xff])
}

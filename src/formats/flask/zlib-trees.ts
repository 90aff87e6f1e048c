/**
 * The Huffman half of zlib 1.2.13's deflate (`trees.c`), ported for {@link deflateLikeZlib}:
 * dynamic tree building with zlib's exact tie-breaks, the static trees, the block-type choice,
 * and the bit writer.
 */

const L_CODES = 286
const D_CODES = 30
const BL_CODES = 19
const HEAP_SIZE = 2 * L_CODES + 1
const MAX_BITS = 15
const END_BLOCK = 256
const LITERALS = 256

const EXTRA_LBITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
const EXTRA_DBITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
const EXTRA_BLBITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7]
const BL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

/** A Huffman tree as zlib's `ct_data` array, with the unions split into separate arrays. */
interface Tree {
  freq: Int32Array
  len: Int32Array
  code: Int32Array
  dad: Int32Array
}

function newTree(size: number): Tree {
  return { freq: new Int32Array(size), len: new Int32Array(size), code: new Int32Array(size), dad: new Int32Array(size) }
}

function add(array: Int32Array, index: number, by: number): void {
  array[index] = (array[index] ?? 0) + by
}

function reverseBits(code: number, length: number): number {
  let res = 0
  for (let i = 0; i < length; i++) {
    res = (res << 1) | (code & 1)
    code >>>= 1
  }
  return res
}

function genCodes(tree: Tree, maxCode: number, blCount: Int32Array): void {
  const nextCode = new Int32Array(MAX_BITS + 1)
  let code = 0
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    code = (code + (blCount[bits - 1] ?? 0)) << 1
    nextCode[bits] = code
  }
  for (let n = 0; n <= maxCode; n++) {
    const len = tree.len[n] ?? 0
    if (len === 0) continue
    const next = nextCode[len] ?? 0
    nextCode[len] = next + 1
    tree.code[n] = reverseBits(next, len)
  }
}

// tr_static_init
const LENGTH_CODE = new Uint8Array(256)
const DIST_CODE = new Uint8Array(512)
const BASE_LENGTH = new Int32Array(29)
const BASE_DIST = new Int32Array(D_CODES)
const STATIC_L = newTree(L_CODES + 2)
const STATIC_D = newTree(D_CODES)
{
  let length = 0
  let code: number
  for (code = 0; code < 28; code++) {
    BASE_LENGTH[code] = length
    for (let n = 0; n < 1 << (EXTRA_LBITS[code] ?? 0); n++) LENGTH_CODE[length++] = code
  }
  LENGTH_CODE[length - 1] = code
  let dist = 0
  for (code = 0; code < 16; code++) {
    BASE_DIST[code] = dist
    for (let n = 0; n < 1 << (EXTRA_DBITS[code] ?? 0); n++) DIST_CODE[dist++] = code
  }
  dist >>= 7
  for (; code < D_CODES; code++) {
    BASE_DIST[code] = dist << 7
    for (let n = 0; n < 1 << ((EXTRA_DBITS[code] ?? 0) - 7); n++) DIST_CODE[256 + dist++] = code
  }
  const blCount = new Int32Array(MAX_BITS + 1)
  for (let n = 0; n <= 287; n++) {
    const len = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8
    STATIC_L.len[n] = len
    add(blCount, len, 1)
  }
  genCodes(STATIC_L, L_CODES + 1, blCount)
  for (let n = 0; n < D_CODES; n++) {
    STATIC_D.len[n] = 5
    STATIC_D.code[n] = reverseBits(n, 5)
  }
}

function distCode(dist: number): number {
  return (dist < 256 ? DIST_CODE[dist] : DIST_CODE[256 + (dist >>> 7)]) ?? 0
}

/** LSB-first bit writer (zlib's send_bits / bi_windup). */
class BitWriter {
  readonly bytes: number[] = []
  #buf = 0
  #count = 0
  send(value: number, length: number): void {
    this.#buf |= value << this.#count
    this.#count += length
    while (this.#count >= 8) {
      this.bytes.push(this.#buf & 0xff)
      this.#buf >>>= 8
      this.#count -= 8
    }
  }
  windup(): void {
    if (this.#count > 0) this.bytes.push(this.#buf & 0xff)
    this.#buf = 0
    this.#count = 0
  }
}

interface TreeDesc {
  tree: Tree
  stree: Tree | null
  extra: readonly number[]
  base: number
  elems: number
  maxLength: number
  maxCode: number
}

/** One deflate block's symbols and trees (deflate_state's trees.c half). */
export class BlockWriter {
  readonly out = new BitWriter()
  readonly #ltree = newTree(HEAP_SIZE)
  readonly #dtree = newTree(2 * D_CODES + 1)
  readonly #bltree = newTree(2 * BL_CODES + 1)
  readonly #heap = new Int32Array(HEAP_SIZE)
  readonly #depth = new Int32Array(HEAP_SIZE)
  readonly #blCount = new Int32Array(MAX_BITS + 1)
  readonly #syms: number[] = []
  #heapLen = 0
  #heapMax = 0
  #optLen = 0
  #staticLen = 0

  constructor() {
    this.#ltree.freq[END_BLOCK] = 1
  }

  literal(byte: number): void {
    this.#syms.push(0, byte)
    add(this.#ltree.freq, byte, 1)
  }

  /** `_tr_tally_dist`: `dist` is the match distance, `lc` the match length minus 3. */
  match(dist: number, lc: number): void {
    this.#syms.push(dist, lc)
    add(this.#ltree.freq, (LENGTH_CODE[lc] ?? 0) + LITERALS + 1, 1)
    add(this.#dtree.freq, distCode(dist - 1), 1)
  }

  #smaller(n: number, m: number, tree: Tree): boolean {
    const fn = tree.freq[n] ?? 0
    const fm = tree.freq[m] ?? 0
    return fn < fm || (fn === fm && (this.#depth[n] ?? 0) <= (this.#depth[m] ?? 0))
  }

  #downheap(tree: Tree, start: number): void {
    const heap = this.#heap
    let k = start
    const v = heap[k] ?? 0
    let j = k << 1
    while (j <= this.#heapLen) {
      if (j < this.#heapLen && this.#smaller(heap[j + 1] ?? 0, heap[j] ?? 0, tree)) j++
      if (this.#smaller(v, heap[j] ?? 0, tree)) break
      heap[k] = heap[j] ?? 0
      k = j
      j <<= 1
    }
    heap[k] = v
  }

  #genBitlen(desc: TreeDesc): void {
    const { tree, stree, extra, base, maxLength, maxCode } = desc
    const heap = this.#heap
    const blCount = this.#blCount
    blCount.fill(0)
    tree.len[heap[this.#heapMax] ?? 0] = 0
    let overflow = 0
    let h: number
    for (h = this.#heapMax + 1; h < HEAP_SIZE; h++) {
      const n = heap[h] ?? 0
      let bits = (tree.len[tree.dad[n] ?? 0] ?? 0) + 1
      if (bits > maxLength) {
        bits = maxLength
        overflow++
      }
      tree.len[n] = bits
      if (n > maxCode) continue
      add(blCount, bits, 1)
      const xbits = n >= base ? (extra[n - base] ?? 0) : 0
      const f = tree.freq[n] ?? 0
      this.#optLen += f * (bits + xbits)
      if (stree) this.#staticLen += f * ((stree.len[n] ?? 0) + xbits)
    }
    if (overflow === 0) return
    do {
      let bits = maxLength - 1
      while (blCount[bits] === 0) bits--
      add(blCount, bits, -1)
      add(blCount, bits + 1, 2)
      add(blCount, maxLength, -1)
      overflow -= 2
    } while (overflow > 0)
    for (let bits = maxLength; bits !== 0; bits--) {
      let n = blCount[bits] ?? 0
      while (n !== 0) {
        const m = heap[--h] ?? 0
        if (m > maxCode) continue
        if (tree.len[m] !== bits) {
          this.#optLen += (bits - (tree.len[m] ?? 0)) * (tree.freq[m] ?? 0)
          tree.len[m] = bits
        }
        n--
      }
    }
  }

  #buildTree(desc: TreeDesc): void {
    const { tree, stree, elems } = desc
    const heap = this.#heap
    let maxCode = -1
    this.#heapLen = 0
    this.#heapMax = HEAP_SIZE
    for (let n = 0; n < elems; n++) {
      if (tree.freq[n] !== 0) {
        heap[++this.#heapLen] = maxCode = n
        this.#depth[n] = 0
      } else {
        tree.len[n] = 0
      }
    }
    while (this.#heapLen < 2) {
      const node = (heap[++this.#heapLen] = maxCode < 2 ? ++maxCode : 0)
      tree.freq[node] = 1
      this.#depth[node] = 0
      this.#optLen--
      if (stree) this.#staticLen -= stree.len[node] ?? 0
    }
    desc.maxCode = maxCode
    for (let n = this.#heapLen >> 1; n >= 1; n--) this.#downheap(tree, n)
    let node = elems
    do {
      const n = heap[1] ?? 0
      heap[1] = heap[this.#heapLen--] ?? 0
      this.#downheap(tree, 1)
      const m = heap[1] ?? 0
      heap[--this.#heapMax] = n
      heap[--this.#heapMax] = m
      tree.freq[node] = (tree.freq[n] ?? 0) + (tree.freq[m] ?? 0)
      this.#depth[node] = Math.max(this.#depth[n] ?? 0, this.#depth[m] ?? 0) + 1
      tree.dad[n] = tree.dad[m] = node
      heap[1] = node++
      this.#downheap(tree, 1)
    } while (this.#heapLen >= 2)
    heap[--this.#heapMax] = heap[1] ?? 0
    this.#genBitlen(desc)
    genCodes(tree, maxCode, this.#blCount)
  }

  /** scan_tree (`send` false) and send_tree (`send` true) share zlib's run-length walk. */
  #walkTree(tree: Tree, maxCode: number, send: boolean): void {
    const bl = this.#bltree
    const code = (c: number): void => this.out.send(bl.code[c] ?? 0, bl.len[c] ?? 0)
    let prevlen = -1
    let nextlen = tree.len[0] ?? 0
    let count = 0
    let maxCount = nextlen === 0 ? 138 : 7
    let minCount = nextlen === 0 ? 3 : 4
    if (!send) tree.len[maxCode + 1] = 0xffff
    for (let n = 0; n <= maxCode; n++) {
      const curlen = nextlen
      nextlen = tree.len[n + 1] ?? 0
      if (++count < maxCount && curlen === nextlen) continue
      if (count < minCount) {
        if (send) {
          do code(curlen)
          while (--count !== 0)
        } else add(bl.freq, curlen, count)
      } else if (curlen !== 0) {
        if (send) {
          if (curlen !== prevlen) {
            code(curlen)
            count--
          }
          code(16)
          this.out.send(count - 3, 2)
        } else {
          if (curlen !== prevlen) add(bl.freq, curlen, 1)
          add(bl.freq, 16, 1)
        }
      } else if (count <= 10) {
        if (send) {
          code(17)
          this.out.send(count - 3, 3)
        } else add(bl.freq, 17, 1)
      } else if (send) {
        code(18)
        this.out.send(count - 11, 7)
      } else add(bl.freq, 18, 1)
      count = 0
      prevlen = curlen
      if (nextlen === 0) [maxCount, minCount] = [138, 3]
      else if (curlen === nextlen) [maxCount, minCount] = [6, 3]
      else [maxCount, minCount] = [7, 4]
    }
  }

  #compress(ltree: Tree, dtree: Tree): void {
    const syms = this.#syms
    const send = (tree: Tree, c: number): void => this.out.send(tree.code[c] ?? 0, tree.len[c] ?? 0)
    for (let i = 0; i < syms.length; i += 2) {
      let dist = syms[i] ?? 0
      const lc = syms[i + 1] ?? 0
      if (dist === 0) {
        send(ltree, lc)
        continue
      }
      let code = LENGTH_CODE[lc] ?? 0
      send(ltree, code + LITERALS + 1)
      let extra = EXTRA_LBITS[code] ?? 0
      if (extra !== 0) this.out.send(lc - (BASE_LENGTH[code] ?? 0), extra)
      dist--
      code = distCode(dist)
      send(dtree, code)
      extra = EXTRA_DBITS[code] ?? 0
      if (extra !== 0) this.out.send(dist - (BASE_DIST[code] ?? 0), extra)
    }
    send(ltree, END_BLOCK)
  }

  /** `_tr_flush_block(s, buf, stored_len, last=1)` then `bi_windup`. */
  finish(stored: Uint8Array): void {
    const l: TreeDesc = { tree: this.#ltree, stree: STATIC_L, extra: EXTRA_LBITS, base: LITERALS + 1, elems: L_CODES, maxLength: MAX_BITS, maxCode: 0 }
    const d: TreeDesc = { tree: this.#dtree, stree: STATIC_D, extra: EXTRA_DBITS, base: 0, elems: D_CODES, maxLength: MAX_BITS, maxCode: 0 }
    const b: TreeDesc = { tree: this.#bltree, stree: null, extra: EXTRA_BLBITS, base: 0, elems: BL_CODES, maxLength: 7, maxCode: 0 }
    this.#buildTree(l)
    this.#buildTree(d)
    this.#walkTree(this.#ltree, l.maxCode, false)
    this.#walkTree(this.#dtree, d.maxCode, false)
    this.#buildTree(b)
    let maxBlindex = BL_CODES - 1
    for (; maxBlindex >= 3; maxBlindex--) if (this.#bltree.len[BL_ORDER[maxBlindex] ?? 0] !== 0) break
    this.#optLen += 3 * (maxBlindex + 1) + 5 + 5 + 4
    let optLenb = (this.#optLen + 3 + 7) >>> 3
    const staticLenb = (this.#staticLen + 3 + 7) >>> 3
    if (staticLenb <= optLenb) optLenb = staticLenb
    if (stored.length + 4 <= optLenb) {
      this.out.send(1, 3)
      this.out.windup()
      this.out.send(stored.length & 0xffff, 16)
      this.out.send(~stored.length & 0xffff, 16)
      for (const byte of stored) this.out.send(byte, 8)
    } else if (staticLenb === optLenb) {
      this.out.send((1 << 1) + 1, 3)
      this.#compress(STATIC_L, STATIC_D)
    } else {
      this.out.send((2 << 1) + 1, 3)
      this.out.send(l.maxCode + 1 - 257, 5)
      this.out.send(d.maxCode + 1 - 1, 5)
      this.out.send(maxBlindex + 1 - 4, 4)
      for (let rank = 0; rank <= maxBlindex; rank++) this.out.send(this.#bltree.len[BL_ORDER[rank] ?? 0] ?? 0, 3)
      this.#walkTree(this.#ltree, l.maxCode, true)
      this.#walkTree(this.#dtree, d.maxCode, true)
      this.#compress(this.#ltree, this.#dtree)
    }
    this.out.windup()
  }
}

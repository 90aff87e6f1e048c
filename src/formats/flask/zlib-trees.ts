/**
 * The Huffman half of zlib 1.2.13's deflate (`trees.c`), ported for `deflateLikeZlib`: dynamic
 * tree building with zlib's exact tie-breaks, the stored/static/dynamic block choice, and the
 * block's bits.
 */
import {
  L_CODES,
  D_CODES,
  BL_CODES,
  HEAP_SIZE,
  MAX_BITS,
  END_BLOCK,
  LITERALS,
  EXTRA_LBITS,
  EXTRA_DBITS,
  EXTRA_BLBITS,
  BL_ORDER,
  newTree,
  add,
  genCodes,
  LENGTH_CODE,
  BASE_LENGTH,
  BASE_DIST,
  STATIC_L,
  STATIC_D,
  distCode,
  BitWriter,
} from './zlib-tables.js'
import type { Tree } from './zlib-tables.js'

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

/**
 * zlib 1.2.13's fixed deflate tables (`trees.c`, `tr_static_init`): code lengths' extra bits,
 * the length/distance code maps, the static Huffman trees, and the LSB-first bit writer.
 */
export const L_CODES = 286
export const D_CODES = 30
export const BL_CODES = 19
export const HEAP_SIZE = 2 * L_CODES + 1
export const MAX_BITS = 15
export const END_BLOCK = 256
export const LITERALS = 256

export const EXTRA_LBITS = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
export const EXTRA_DBITS = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
export const EXTRA_BLBITS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7]
export const BL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

/** A Huffman tree as zlib's `ct_data` array, with the unions split into separate arrays. */
export interface Tree {
  freq: Int32Array
  len: Int32Array
  code: Int32Array
  dad: Int32Array
}

export function newTree(size: number): Tree {
  return { freq: new Int32Array(size), len: new Int32Array(size), code: new Int32Array(size), dad: new Int32Array(size) }
}

export function add(array: Int32Array, index: number, by: number): void {
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

export function genCodes(tree: Tree, maxCode: number, blCount: Int32Array): void {
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
export const LENGTH_CODE = new Uint8Array(256)
const DIST_CODE = new Uint8Array(512)
export const BASE_LENGTH = new Int32Array(29)
export const BASE_DIST = new Int32Array(D_CODES)
export const STATIC_L = newTree(L_CODES + 2)
export const STATIC_D = newTree(D_CODES)
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

export function distCode(dist: number): number {
  return (dist < 256 ? DIST_CODE[dist] : DIST_CODE[256 + (dist >>> 7)]) ?? 0
}

/** LSB-first bit writer (zlib's send_bits / bi_windup). */
export class BitWriter {
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

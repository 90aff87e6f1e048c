import { createHmac, timingSafeEqual } from 'node:crypto'

/** HMAC of `data` as standard base64 (with `+`, `/` and `=` padding). */
export function hmacBase64(algorithm: 'sha1' | 'sha256', key: string | Buffer, data: string): string {
  return createHmac(algorithm, key).update(data).digest('base64')
}

/** Compares two strings in constant time for equal lengths (timing-safe signature checks). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

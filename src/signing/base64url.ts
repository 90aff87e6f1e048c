const BASE64URL = /^[A-Za-z0-9_-]*$/

/**
 * Encodes bytes as unpadded base64url (RFC 4648 §5), the alphabet cookie values and
 * itsdangerous signatures use.
 *
 * @example
 * ```ts
 * encodeBase64Url(new Uint8Array([251, 255])) // '-_8'
 * ```
 */
export function encodeBase64Url(bytes: Uint8Array | string): string {
  return (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64url')
}

/**
 * Decodes unpadded base64url strictly: any character outside the alphabet, an impossible length,
 * or a non-canonical last character (one that decodes to the same bytes as another) returns
 * `null`, so a single-character change can never decode to the same value (T1, T2).
 *
 * @example
 * ```ts
 * decodeBase64Url('-_8') // Uint8Array [251, 255]
 * decodeBase64Url('a=') // null
 * ```
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null
  const bytes = Buffer.from(text, 'base64url')
  if (bytes.toString('base64url') !== text) return null
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export { decodeBase64Url, encodeBase64Url } from './base64url.js'
export { stringifyJson, type JsonTextOptions } from './json-text.js'
export { assertJsonSerializer, taggedJson, type SessionSerializer } from './serializer.js'
export {
  createSigner,
  type KeyDerivation,
  type Signer,
  type SignerOptions,
  type SigningAlgorithm,
  type SigningKey,
  type Unsigned,
} from './signer.js'
export {
  decodeTaggedJson,
  encodeTaggedJson,
  FLASK_TAGS,
  isPollutingKey,
  type TaggedJsonDecodeOptions,
} from './tagged-json.js'
export {
  createTimestampSigner,
  type TimestampCheck,
  type TimestampSigner,
  type TimestampUnsigned,
} from './timestamp-signer.js'

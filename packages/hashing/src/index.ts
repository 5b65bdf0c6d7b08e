export {
  BLAKE3_ENGINE_ENV,
  type Blake3Engine,
  type Blake3EnginePreference,
  blake3Engine,
} from "./blake3-engine.js";
export {
  createDualHasher,
  type DualDigest,
  type DualHasher,
  type DualHasherOptions,
} from "./create-dual-hasher.js";
export { digestsEqual } from "./digests-equal.js";
export { FAST_HASH_SAMPLE_BYTES, fastHash } from "./fast-hash.js";
export { gitBlobSha1, gitBlobSha1OfBuffer } from "./git-blob-sha1.js";
export { type FileDigest, type HashFileOptions, hashFile } from "./hash-file.js";
export { HashingError, type HashingErrorCode } from "./hashing-error.js";
export {
  type DigestAlgorithm,
  type DigestMismatch,
  type ExpectedDigests,
  type VerifyFileOptions,
  type VerifyResult,
  verifyFile,
} from "./verify-file.js";

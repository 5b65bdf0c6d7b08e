import type { Blake3EnginePreference } from "./blake3-engine.js";
import { digestsEqual } from "./digests-equal.js";
import { gitBlobSha1 } from "./git-blob-sha1.js";
import { hashFile } from "./hash-file.js";
import { HashingError } from "./hashing-error.js";

export interface ExpectedDigests {
  sha256?: string;
  blake3?: string;
  /** Git blob object id (sha1 of "blob <size>\0" + content). */
  gitSha1?: string;
}

export type DigestAlgorithm = keyof ExpectedDigests;

export interface DigestMismatch {
  algorithm: DigestAlgorithm;
  /** As given. */
  expected: string;
  /** Lowercase hex. */
  actual: string;
}

export interface VerifyResult {
  ok: boolean;
  mismatches: DigestMismatch[];
}

export interface VerifyFileOptions {
  signal?: AbortSignal;
  /** Progress of the SHA-256/BLAKE3 pass (see hashFile). */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  blake3?: Blake3EnginePreference;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, blake3: 64, gitSha1: 40 };

/**
 * Checks the file at `path` against the given digests (case-insensitive). SHA-256 and BLAKE3
 * share one read pass; a git SHA-1 takes its own. Throws BAD_DIGEST, before reading, when an
 * expected value is not hex of the right length or none is given.
 */
export async function verifyFile(
  path: string,
  expected: ExpectedDigests,
  options: VerifyFileOptions = {},
): Promise<VerifyResult> {
  const given = (Object.keys(HEX_LENGTH) as DigestAlgorithm[]).filter((a) => expected[a] !== undefined);
  if (given.length === 0) {
    throw new HashingError("BAD_DIGEST", `${path}: no expected digest given (sha256, blake3 or gitSha1)`);
  }
  for (const algorithm of given) {
    const value = expected[algorithm] as string;
    const length = HEX_LENGTH[algorithm];
    if (value.length !== length || !digestsEqual(value, value)) {
      throw new HashingError(
        "BAD_DIGEST",
        `${path}: expected ${algorithm} must be ${length} hex characters, got ${JSON.stringify(value)}`,
      );
    }
  }

  const actual: ExpectedDigests = {};
  if (expected.sha256 !== undefined || expected.blake3 !== undefined) {
    const digest = await hashFile(path, options);
    actual.sha256 = digest.sha256;
    actual.blake3 = digest.blake3;
  }
  if (expected.gitSha1 !== undefined) actual.gitSha1 = await gitBlobSha1(path, options);

  const mismatches: DigestMismatch[] = [];
  for (const algorithm of given) {
    const want = expected[algorithm] as string;
    const got = actual[algorithm] as string;
    if (!digestsEqual(want, got)) mismatches.push({ algorithm, expected: want, actual: got });
  }
  return { ok: mismatches.length === 0, mismatches };
}

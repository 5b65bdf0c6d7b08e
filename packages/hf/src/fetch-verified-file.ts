import { createHash, type Hash } from "node:crypto";
import { type FileHandle, lstat, mkdir, open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { createDualHasher, type DualHasher, gitBlobSha1, hashFile } from "@ml/hashing";
import { fsyncDir, writeFileAtomic } from "@ml/progress";
import { backoffDelay, parseRetryAfter, type RetryPolicy } from "./backoff-delay.js";
import type { HubFetch } from "./create-hub-fetch.js";
import { HfError, IntegrityError } from "./hf-error.js";
import { type PartSidecar, readSidecar, sameSidecar } from "./part-sidecar.js";
import { PartWriter } from "./part-writer.js";
import { httpError, networkReason } from "./to-hf-error.js";
import type { RepoFile } from "./types.js";

export interface FetchFileParams {
  hub: HubFetch;
  repo: string;
  commit: string;
  file: RepoFile;
  /** Where the verified file appears; bytes arrive in `<finalPath>.part`, described by `<finalPath>.part.json`. */
  finalPath: string;
  signal?: AbortSignal;
  retry: Required<RetryPolicy>;
  /** No byte for this long: the connection is dropped and the download resumes from where it is. */
  stallTimeoutMs: number;
  /** Bytes of the file on disk so far (resumed prefix included). */
  onBytes?: (bytesDone: number) => void;
  /** Hashing starts: a resumed prefix being re-read (`resume`), or the finished file (`final`). */
  onVerifying?: (stage: "resume" | "final") => void;
}

export interface FetchedFile {
  size: number;
  sha256: string;
  blake3: string;
  gitSha1?: string;
  /** The final file was already there and verified: nothing was downloaded. */
  reused: boolean;
}

interface Hashes {
  dual: DualHasher;
  /** Git blob sha1, for files the hub lists by it. */
  sha1?: Hash;
}

/** Failures worth another attempt: connection errors, stalls, 5xx, 429, short or misplaced bodies. */
class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const PREFIX_CHUNK = 1 << 20;
/** Past this much queued for the disk, stop reading the network until the disk catches up. */
const WRITE_HIGH_WATER = 32 << 20;

/**
 * Download one file of a repo at a commit into `finalPath`, resuming a matching `.part` left by an
 * earlier run (its prefix is hashed once, then the new bytes continue the same hasher), retrying
 * network failures, and renaming the part into place only once its hash equals the hub's.
 */
export async function fetchVerifiedFile(params: FetchFileParams): Promise<FetchedFile> {
  const label = `${params.repo}/${params.file.path}`;
  try {
    return await fetchFile(params, label);
  } catch (error) {
    throw localFailure(error, params.finalPath, label);
  }
}

async function fetchFile(params: FetchFileParams, label: string): Promise<FetchedFile> {
  const { file, finalPath } = params;
  if (!file.sha256 && !file.gitSha1) {
    throw new HfError(
      "UNVERIFIABLE",
      `${label}: the hub lists no hash for this file, so it cannot be verified`,
    );
  }
  const existing = await reuseFinal(params, label);
  if (existing) return existing;

  await mkdir(dirname(finalPath), { recursive: true });
  const partPath = `${finalPath}.part`;
  const sidecarPath = `${partPath}.json`;
  const sidecar: PartSidecar = {
    version: 1,
    url: resolveUrl(params.hub.config.endpoint, params.repo, params.commit, file.path),
    repo: params.repo,
    path: file.path,
    commit: params.commit,
    size: file.size,
    ...(file.sha256 && { sha256: file.sha256 }),
    ...(file.gitSha1 && { gitSha1: file.gitSha1 }),
  };
  // A part is trusted only with a sidecar naming exactly this file and no more bytes than it has.
  const trusted = sameSidecar(await readSidecar(sidecarPath), sidecar);
  const partSize = await sizeOf(partPath);
  if (partSize !== undefined && (!trusted || partSize > file.size)) await unlink(partPath);
  if (!trusted) await writeFileAtomic(sidecarPath, `${JSON.stringify(sidecar)}\n`);

  for (let round = 0; ; round++) {
    const resumed = (await sizeOf(partPath)) ?? 0;
    const digest = await transfer(params, partPath, sidecar.url, label);
    params.onVerifying?.("final");
    const mismatch = file.sha256
      ? digest.sha256 !== file.sha256 && {
          algorithm: "sha256" as const,
          expected: file.sha256,
          actual: digest.sha256,
        }
      : digest.gitSha1 !== file.gitSha1 && {
          algorithm: "git-sha1" as const,
          expected: file.gitSha1 as string,
          actual: digest.gitSha1 as string,
        };
    if (!mismatch) {
      if ((await sizeOf(finalPath)) !== undefined) throw destExists(finalPath, label);
      await rename(partPath, finalPath);
      await fsyncDir(dirname(finalPath));
      await unlink(sidecarPath).catch(() => {});
      return { ...digest, reused: false };
    }
    await unlink(partPath);
    // A prefix kept from an earlier run may be what went bad (a crash can leave garbage past the
    // last flushed block): download once more from zero before calling the hub's bytes wrong.
    if (resumed > 0 && round === 0) continue;
    await unlink(sidecarPath).catch(() => {});
    throw new IntegrityError(label, mismatch.algorithm, mismatch.expected, mismatch.actual);
  }
}

/** `<endpoint>/<repo>/resolve/<commit>/<path>`, path segments encoded. */
export function resolveUrl(endpoint: string, repo: string, commit: string, path: string): string {
  return `${endpoint}/${repo}/resolve/${commit}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** Fill the part to its full size and return its hashes (one hasher over the old prefix and the new bytes). */
async function transfer(
  params: FetchFileParams,
  partPath: string,
  url: string,
  label: string,
): Promise<Omit<FetchedFile, "reused">> {
  const { file, retry, signal } = params;
  const handle = await open(partPath, "a+");
  let hashes = newHashes(file);
  try {
    let offset = (await handle.stat()).size;
    if (offset > 0) {
      params.onVerifying?.("resume");
      await hashPrefix(handle, offset, hashes, signal, label);
      params.onBytes?.(offset);
    }
    let failures = 0;
    while (offset < file.size) {
      const before = offset;
      try {
        offset = await attempt(params, {
          handle,
          partPath,
          url,
          label,
          offset,
          hashes,
          reset: () => (hashes = newHashes(file)),
        });
      } catch (error) {
        if (signal?.aborted) throw aborted(label, signal.reason);
        if (!(error instanceof Retryable)) throw error;
        offset = (await handle.stat()).size;
        failures = offset > before ? 1 : failures + 1;
        if (failures > retry.retries) {
          throw new HfError(
            "NETWORK",
            `${label}: giving up after ${failures} failed attempts in a row (${error.message}); the partial download is kept and resumes next time`,
          );
        }
        await sleep(
          backoffDelay(failures, retry, error.retryAfterMs),
          undefined,
          signal ? { signal } : {},
        ).catch(() => {
          throw aborted(label, signal?.reason);
        });
      }
    }
    await handle.sync();
    const digest = await hashes.dual.digest();
    return { ...digest, ...(hashes.sha1 && { gitSha1: hashes.sha1.digest("hex") }) };
  } catch (error) {
    hashes.dual.abort(error);
    throw error;
  } finally {
    await handle.close();
  }
}

interface AttemptState {
  handle: FileHandle;
  partPath: string;
  url: string;
  label: string;
  offset: number;
  hashes: Hashes;
  /** Start the hashes over (the part was truncated to zero). */
  reset: () => Hashes;
}

/** One request from `offset`; returns the new offset when the body ended, throws Retryable to try again. */
async function attempt(params: FetchFileParams, state: AttemptState): Promise<number> {
  const { file } = params;
  const { label } = state;
  let { offset, hashes } = state;
  const controller = new AbortController();
  const signal = params.signal ? AbortSignal.any([params.signal, controller.signal]) : controller.signal;
  let lastActivity = Date.now();
  let stalled = false;
  const watchdog = setInterval(
    () => {
      if (Date.now() - lastActivity <= params.stallTimeoutMs) return;
      stalled = true;
      controller.abort();
    },
    Math.max(10, Math.min(1000, params.stallTimeoutMs / 4)),
  );
  const writer = new PartWriter(state.handle);
  try {
    const headers: Record<string, string> = { "accept-encoding": "identity" };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    // Only the network's failures are worth retrying; disk and hashing errors end the download.
    const network = (error: unknown) => {
      if (error instanceof HfError) return error;
      if (params.signal?.aborted) return aborted(label, params.signal.reason);
      if (stalled) return new Retryable(`${label}: no data for ${params.stallTimeoutMs} ms`);
      return new Retryable(`${label}: ${networkReason(error)}`);
    };
    const response = await params.hub.download(state.url, { headers, signal }).catch((error) => {
      throw network(error);
    });
    // Errors of a body nobody reads any more (a cancelled or refused answer) are not ours to report.
    response.body.on("error", () => {});
    lastActivity = Date.now();
    const restart = async () => {
      await state.handle.truncate(0);
      hashes.dual.abort();
      hashes = state.reset();
      offset = 0;
    };
    if (response.status === 416) {
      response.body.destroy();
      // Our part is not a prefix of what the hub has (it is complete or longer): start over.
      await restart();
      throw new Retryable(`${label}: the hub refused the resume range; starting over`);
    }
    if (response.status !== 200 && response.status !== 206) {
      const message = await hubMessage(response.body);
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        throw new Retryable(
          `the hub answered ${response.status}${message ? `: ${message}` : ""}`,
          parseRetryAfter(response.header("retry-after") ?? null),
        );
      }
      throw httpError(response.status, message, label, params.hub.config.token !== undefined);
    }
    if (response.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.header("content-range") ?? "");
      if (Number(range?.[3]) !== file.size) {
        response.body.destroy();
        throw new HfError(
          "BAD_RESPONSE",
          `${label}: the hub serves a file of another size than it lists (${file.size} bytes)`,
        );
      }
      if (Number(range?.[1]) !== offset) {
        response.body.destroy();
        throw new Retryable(`${label}: the hub answered another range than asked`);
      }
    } else if (offset > 0) {
      // The whole file came back instead of the rest: take it from the start.
      await restart();
    }
    const chunks = (response.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    for (;;) {
      const { done, value } = await chunks.next().catch((error) => {
        throw network(error);
      });
      if (done) break;
      lastActivity = Date.now();
      if (offset + value.byteLength > file.size) {
        throw new HfError("BAD_RESPONSE", `${label}: the hub sent more than the ${file.size} bytes it lists`);
      }
      writer.push(value);
      const pending = hashes.dual.update(value);
      if (pending) await pending;
      hashes.sha1?.update(value);
      offset += value.byteLength;
      params.onBytes?.(offset);
      if (writer.queuedBytes > WRITE_HIGH_WATER) await writer.below(WRITE_HIGH_WATER / 2);
    }
    // A stalled or cancelled connection may end the body without an error.
    if (stalled || params.signal?.aborted) throw network(new Error("connection closed"));
    if (offset < file.size)
      throw new Retryable(`${label}: the connection closed at ${offset} of ${file.size} bytes`);
    return offset;
  } catch (error) {
    if (error instanceof HfError || error instanceof Retryable) throw error;
    throw localFailure(error, state.partPath, label);
  } finally {
    clearInterval(watchdog);
    controller.abort();
    // Everything hashed must be on disk before the next attempt reads the part's size.
    await writer.drain().catch((error) => {
      throw localFailure(error, state.partPath, label);
    });
  }
}

/** A failure on our side (disk, hashing): fatal, named after the file it concerns. */
function localFailure(error: unknown, path: string, label: string): HfError {
  if (error instanceof HfError) return error;
  if ((error as Error | undefined)?.name === "AbortError") return aborted(label, error);
  const reason = error instanceof Error ? error.message : String(error);
  return new HfError("IO_ERROR", `${path}: downloading ${label} failed: ${reason}`, { cause: error });
}

function newHashes(file: RepoFile): Hashes {
  const dual = createDualHasher();
  if (file.sha256) return { dual };
  return { dual, sha1: createHash("sha1").update(`blob ${file.size}\0`) };
}

/** Feed the bytes already in the part through the hashers, once. */
async function hashPrefix(
  handle: FileHandle,
  length: number,
  hashes: Hashes,
  signal: AbortSignal | undefined,
  label: string,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(Math.min(PREFIX_CHUNK, length));
  for (let at = 0; at < length; ) {
    if (signal?.aborted) throw aborted(label, signal.reason);
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.byteLength, length - at), at);
    if (bytesRead === 0)
      throw new HfError("BAD_RESPONSE", `${label}: the partial download shrank while resuming`);
    const chunk = buffer.subarray(0, bytesRead);
    const pending = hashes.dual.update(chunk);
    if (pending) await pending;
    hashes.sha1?.update(chunk);
    at += bytesRead;
  }
}

/** An existing final file: reused when its bytes are the hub's, never overwritten when not. */
async function reuseFinal(params: FetchFileParams, label: string): Promise<FetchedFile | undefined> {
  const { file, finalPath } = params;
  const size = await sizeOf(finalPath);
  if (size === undefined) return undefined;
  if (size !== file.size || !(await lstat(finalPath)).isFile()) throw destExists(finalPath, label);
  params.onVerifying?.("final");
  const digest = await hashFile(finalPath, params.signal ? { signal: params.signal } : {});
  const gitSha1 = file.sha256 ? undefined : await gitBlobSha1(finalPath);
  if (file.sha256 ? digest.sha256 !== file.sha256 : gitSha1 !== file.gitSha1)
    throw destExists(finalPath, label);
  await unlink(`${finalPath}.part`).catch(() => {});
  await unlink(`${finalPath}.part.json`).catch(() => {});
  return { size, sha256: digest.sha256, blake3: digest.blake3, ...(gitSha1 && { gitSha1 }), reused: true };
}

function destExists(path: string, label: string): HfError {
  return new HfError(
    "DEST_EXISTS",
    `${path}: a different file is already there (not ${label}); move it away to pull`,
  );
}

function aborted(label: string, reason: unknown): HfError {
  return new HfError("ABORTED", `${label}: download cancelled; the partial file is kept`, { cause: reason });
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await lstat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The hub's `{error}` message of an error answer, if it has one (read up to 64 KiB). */
async function hubMessage(body: Readable): Promise<string> {
  try {
    let text = "";
    for await (const chunk of body as AsyncIterable<Buffer>) {
      text += chunk.toString("utf8");
      if (text.length > 65_536) {
        body.destroy();
        return "";
      }
    }
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === "string" ? parsed.error : "";
  } catch {
    return "";
  }
}

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { parseRange } from "@ml/hub-protocol";
import type { Snapshot } from "./build-snapshot.js";
import type { DownloadFaults } from "./download-faults.js";
import { type FileSource, sourceSize } from "./file-source.js";
import { countSent, HttpError, writeHead } from "./http-reply.js";
import { readSourceChunks } from "./read-source-chunks.js";
import type { StoredRepo } from "./repo-store.js";

export interface ResolveOptions {
  server: "hub" | "cdn";
  /** Origin LFS downloads are redirected to, when the hub redirects them. */
  cdnUrl?: string;
  faults: DownloadFaults;
  /** Body bytes per second per download; unlimited when undefined. */
  throttle?: number;
}

/**
 * GET|HEAD /{repo}/resolve|raw/{rev}/{path}: the file's bytes with `Range` support, a quoted
 * `ETag` (sha256 for LFS, git sha1 otherwise) and, on the hub, `X-Repo-Commit`,
 * `X-Linked-Etag` and `X-Linked-Size`. `raw` serves an LFS file's pointer instead.
 */
export async function handleResolve(
  req: IncomingMessage,
  res: ServerResponse,
  target: { repo: StoredRepo; snapshot: Snapshot; path: string; raw: boolean },
  opts: ResolveOptions,
): Promise<void> {
  const { repo, snapshot, path, raw } = target;
  const file = snapshot.files.get(path);
  if (!file) throw new HttpError(404, "Entry not found", "EntryNotFound");
  opts.faults.throwFailure(path);
  const pointer = raw ? file.pointer : undefined;
  const source: FileSource = pointer ? { kind: "bytes", bytes: pointer } : file.source;
  const size = sourceSize(source);
  const etag = `"${pointer ? file.oid : file.etag}"`;
  const hubHeaders: OutgoingHttpHeaders =
    opts.server === "cdn"
      ? {}
      : {
          "X-Repo-Commit": snapshot.commit,
          ...(!raw && { "X-Linked-Etag": etag, "X-Linked-Size": file.size }),
        };

  if (opts.server === "hub" && opts.cdnUrl && file.lfs && !raw) {
    const cdnPath = `/${repo.key}/resolve/${snapshot.commit}/${path.split("/").map(encodeURIComponent).join("/")}`;
    writeHead(res, 302, { ...hubHeaders, Location: `${opts.cdnUrl}${cdnPath}`, "Content-Length": 0 });
    res.end();
    return;
  }

  const headers: OutgoingHttpHeaders = {
    ...hubHeaders,
    ETag: etag,
    "Accept-Ranges": "bytes",
    "Content-Type": "application/octet-stream",
  };
  // A resume whose validator no longer matches gets the whole new file (RFC 9110 §13.1.5).
  const ifRange = req.headers["if-range"];
  const stale = ifRange !== undefined && ifRange !== etag;
  const range = parseRange(stale ? undefined : req.headers.range, size);
  if (range.kind === "unsatisfiable") {
    writeHead(res, 416, { ...headers, "Content-Range": `bytes */${size}`, "Content-Length": 0 });
    res.end();
    return;
  }
  const start = range.kind === "range" ? range.start : 0;
  const end = range.kind === "range" ? range.end + 1 : size;
  writeHead(res, range.kind === "range" ? 206 : 200, {
    ...headers,
    "Content-Length": end - start,
    ...(range.kind === "range" && { "Content-Range": `bytes ${start}-${end - 1}/${size}` }),
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const cut = opts.faults.takeCut(path, end - start);
  const flipAt = opts.faults.takeCorruption(path, start, end);
  await sendBody(res, source, start, cut === undefined ? end : start + cut.afterBytes, {
    ...(flipAt !== undefined && { flipAt }),
    ...(opts.throttle !== undefined && { throttle: opts.throttle }),
    exact: cut !== undefined,
  });
  if (cut === undefined) res.end();
  else if (cut.kind === "interrupt") res.destroy();
  // A stall keeps the connection open and silent until the client gives up or the hub closes.
  else if (!res.destroyed) await new Promise((resolve) => res.once("close", resolve));
}

/** Slice size of a throttled body: small, so a client killed mid-download loses little in flight. */
const THROTTLE_SLICE = 16 * 1024;

interface SendOptions {
  /** File offset whose byte is served flipped. */
  flipAt?: number;
  /** Bytes per second. */
  throttle?: number;
  /** Wait for each chunk to reach the socket, so a cut that follows loses none of them. */
  exact: boolean;
}

/** Write bytes [start, end) of a source, counting what the socket accepts in the request log. */
async function sendBody(
  res: ServerResponse,
  source: FileSource,
  start: number,
  end: number,
  opts: SendOptions,
): Promise<void> {
  // When the next slice may leave. Paced from the previous slice, not from the start, so a
  // slow reader never gets a catch-up burst that would sit in socket buffers.
  let nextAt = performance.now();
  let at = start;
  for (let chunk of readSourceChunks(source, start, end)) {
    if (opts.flipAt !== undefined && opts.flipAt >= at && opts.flipAt < at + chunk.byteLength) {
      chunk = Uint8Array.from(chunk);
      chunk[opts.flipAt - at] = (chunk[opts.flipAt - at] as number) ^ 0x01;
    }
    const slices = opts.throttle === undefined ? [chunk] : sliced(chunk, THROTTLE_SLICE);
    for (const slice of slices) {
      if (res.destroyed) return;
      if (opts.throttle !== undefined) {
        const wait = nextAt - performance.now();
        if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
        nextAt = Math.max(nextAt, performance.now() - 1) + (slice.byteLength / opts.throttle) * 1000;
      }
      await write(res, slice, opts.exact || opts.throttle !== undefined);
      at += slice.byteLength;
    }
  }
}

function* sliced(chunk: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < chunk.byteLength; at += size) yield chunk.subarray(at, at + size);
}

/**
 * One chunk out. `exact` waits until the socket took it; otherwise only backpressure waits
 * (large chunks, several in flight), which keeps a fast client fed.
 */
function write(res: ServerResponse, chunk: Uint8Array, exact: boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onClose = () => reject(new Error("connection closed"));
    res.once("close", onClose);
    const done = () => {
      res.off("close", onClose);
      resolve();
    };
    const flushed = res.write(chunk, (error) => {
      if (!error) countSent(res, chunk.byteLength);
      if (!exact) return;
      if (error) {
        res.off("close", onClose);
        reject(error);
      } else done();
    });
    if (exact) return;
    if (flushed) done();
    else res.once("drain", done);
  });
}

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Snapshot } from "./build-snapshot.js";
import { type FileSource, sourceSize } from "./file-source.js";
import { HttpError, writeHead } from "./http-reply.js";
import { parseRange } from "./parse-range.js";
import { readSourceChunks } from "./read-source-chunks.js";
import type { StoredRepo } from "./repo-store.js";

export interface PendingInterruption {
  path: string;
  afterBytes: number;
  remaining: number;
}

export interface ResolveOptions {
  server: "hub" | "cdn";
  /** Origin LFS downloads are redirected to, when the hub redirects them. */
  cdnUrl?: string;
  interruptions: PendingInterruption[];
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
  const cut = takeInterruption(opts.interruptions, path, end - start);
  await sendBody(res, source, start, cut === undefined ? end : start + cut);
  if (cut === undefined) res.end();
  else res.destroy();
}

function takeInterruption(pending: PendingInterruption[], path: string, length: number): number | undefined {
  const hit = pending.find((p) => p.path === path && p.remaining > 0 && length > p.afterBytes);
  if (!hit) return undefined;
  hit.remaining--;
  return hit.afterBytes;
}

/** Write bytes [start, end) waiting for each chunk to reach the socket, so a cut loses none of them. */
async function sendBody(res: ServerResponse, source: FileSource, start: number, end: number): Promise<void> {
  for (const chunk of readSourceChunks(source, start, end)) {
    if (res.destroyed) return;
    await new Promise<void>((resolve, reject) => {
      const onClose = () => reject(new Error("connection closed"));
      res.once("close", onClose);
      res.write(chunk, (error) => {
        res.off("close", onClose);
        if (error) reject(error);
        else resolve();
      });
    });
  }
}

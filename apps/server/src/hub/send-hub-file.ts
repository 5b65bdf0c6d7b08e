import { open, realpath } from "node:fs/promises";
import { parseRange } from "@ml/hub-protocol";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isInside } from "../is-inside.js";
import { ServerError } from "../server-error.js";
import type { HubFile } from "./hub-catalog.js";

/**
 * Answers GET/HEAD `/{repo}/resolve/{rev}/{path}` for one file: `Range` (206 + `Content-Range`,
 * 416 past the end), a quoted `ETag` and `X-Linked-Etag` (the sha256: the client names the blob
 * by it), `X-Linked-Size`, `X-Repo-Commit`. The file must still be what the library recorded:
 * its real path inside its model folder, itself inside the library (a symlink pointing out is
 * refused), and a regular file of the recorded size. The body is streamed from the open file
 * with backpressure, never buffered.
 */
export async function sendHubFile(
  request: FastifyRequest,
  reply: FastifyReply,
  target: { file: HubFile; commit: string; root: string },
): Promise<FastifyReply> {
  const { file, commit, root } = target;
  const real = await realpath(file.absolute).catch(() => {
    throw new ServerError(
      "ENTRY_NOT_FOUND",
      404,
      `${file.path} is missing from the library`,
      "EntryNotFound",
    );
  });
  if (!file.external) {
    const [realRoot, realFolder] = await Promise.all([realpath(root), realpath(file.folder)]);
    if (!isInside(realRoot, realFolder) || !isInside(realFolder, real) || real === realFolder) {
      throw new ServerError("FORBIDDEN", 403, `${file.path} resolves outside its model folder`);
    }
  }
  const handle = await open(real, "r");
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size !== file.size) {
      throw new ServerError(
        "FILE_CHANGED",
        409,
        `${file.path} changed since it was imported (${stats.size} bytes, ${file.size} recorded): run mlib verify`,
      );
    }
    const etag = `"${file.sha256}"`;
    reply.headers({
      "X-Repo-Commit": commit,
      "X-Linked-Etag": etag,
      "X-Linked-Size": String(file.size),
      ETag: etag,
      "Accept-Ranges": "bytes",
      "Content-Type": "application/octet-stream",
    });
    // A resume whose validator no longer matches gets the whole file (RFC 9110 §13.1.5).
    const ifRange = request.headers["if-range"];
    const range = parseRange(
      ifRange !== undefined && ifRange !== etag ? undefined : request.headers.range,
      file.size,
    );
    if (range.kind === "unsatisfiable") {
      await handle.close();
      return reply
        .code(416)
        .header("Content-Range", `bytes */${file.size}`)
        .header("Content-Length", "0")
        .send();
    }
    const start = range.kind === "range" ? range.start : 0;
    const end = range.kind === "range" ? range.end : file.size - 1;
    reply
      .code(range.kind === "range" ? 206 : 200)
      .header("Content-Length", String(Math.max(0, end - start + 1)));
    if (range.kind === "range") reply.header("Content-Range", `bytes ${start}-${end}/${file.size}`);
    if (request.method === "HEAD" || file.size === 0) {
      await handle.close();
      return reply.send();
    }
    // The stream owns the handle from here: it closes it at the end or when the client goes away.
    return reply.send(handle.createReadStream({ start, end, highWaterMark: 1 << 20 }));
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

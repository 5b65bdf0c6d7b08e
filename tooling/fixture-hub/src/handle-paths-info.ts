import type { IncomingMessage, ServerResponse } from "node:http";
import type { Snapshot } from "./build-snapshot.js";
import { HttpError, sendJson } from "./http-reply.js";
import { isTrue } from "./is-true.js";
import { pathEntryJson } from "./path-entry-json.js";

const MAX_BODY = 1 << 20;

/**
 * POST /api/{type}s/{repo}/paths-info/{rev}: body JSON `{paths, expand}` (the JS client) or a
 * form `paths=..&paths=..&expand=..` (Python's). Paths that do not exist are left out, as the
 * hub does.
 */
export async function handlePathsInfo(
  req: IncomingMessage,
  res: ServerResponse,
  snapshot: Snapshot,
): Promise<void> {
  const body = await readBody(req);
  const type = req.headers["content-type"] ?? "";
  let paths: unknown;
  let expand: boolean;
  if (type.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(body);
    paths = form.getAll("paths");
    expand = isTrue(form.get("expand"));
  } else {
    let json: { paths?: unknown; expand?: unknown };
    try {
      json = JSON.parse(body) as typeof json;
    } catch {
      throw new HttpError(400, "Body must be JSON {paths, expand} or a form");
    }
    paths = typeof json?.paths === "string" ? [json.paths] : json?.paths;
    expand = json?.expand === true || json?.expand === "true";
  }
  if (!Array.isArray(paths) || !paths.every((path) => typeof path === "string")) {
    throw new HttpError(400, "paths must be a list of strings");
  }
  const entries = paths.flatMap(
    (path: string) => pathEntryJson(snapshot, path.replace(/^\/+|\/+$/g, ""), expand) ?? [],
  );
  sendJson(res, 200, entries);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY) throw new HttpError(413, "Body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

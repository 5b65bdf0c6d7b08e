import type { IncomingMessage, ServerResponse } from "node:http";
import type { Snapshot } from "./build-snapshot.js";
import { HttpError, sendJson } from "./http-reply.js";
import { isTrue } from "./is-true.js";
import { pageItems } from "./page-items.js";
import { pathEntryJson } from "./path-entry-json.js";

/**
 * GET /api/{type}s/{repo}/tree/{rev}[/{path}]: a folder's entries (all below it with
 * `recursive=true`), folders included, in path order, paged by `cursor` with a `Link` header.
 */
export function handleTree(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  snapshot: Snapshot,
  folder: string,
  pageSize: number,
): void {
  if (folder !== "" && !snapshot.dirs.has(folder)) {
    throw new HttpError(404, `Entry not found: ${folder}`, "EntryNotFound");
  }
  const recursive = isTrue(url.searchParams.get("recursive"));
  const expand = isTrue(url.searchParams.get("expand"));
  const prefix = folder === "" ? "" : `${folder}/`;
  const paths = [...snapshot.files.keys(), ...snapshot.dirs.keys()]
    .filter((path) => path !== "" && path.startsWith(prefix))
    .filter((path) => recursive || !path.slice(prefix.length).includes("/"))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const { page, link } = pageItems(req, url, paths, pageSize);
  sendJson(
    res,
    200,
    page.map((path) => pathEntryJson(snapshot, path, expand)),
    link ? { Link: link } : {},
  );
}

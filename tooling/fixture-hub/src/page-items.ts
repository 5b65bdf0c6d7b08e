import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-reply.js";

/**
 * One page of a listing from the `cursor` query parameter (an opaque offset), and the `Link`
 * header to the next page when more remain: an absolute URL, as the client's parser wants.
 */
export function pageItems<T>(
  req: IncomingMessage,
  url: URL,
  items: readonly T[],
  limit: number,
): { page: T[]; link?: string } {
  const cursor = url.searchParams.get("cursor");
  const offset = cursor === null ? 0 : Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isSafeInteger(offset) || offset < 0) throw new HttpError(400, `Invalid cursor ${cursor}`);
  const page = items.slice(offset, offset + limit);
  if (offset + limit >= items.length) return { page };
  const next = new URL(url.pathname, `http://${req.headers.host ?? "127.0.0.1"}`);
  next.search = url.search;
  next.searchParams.set("cursor", Buffer.from(String(offset + limit)).toString("base64url"));
  return { page, link: `<${next.href}>; rel="next"` };
}

import type { FastifyRequest } from "fastify";
import { ServerError } from "../server-error.js";

/**
 * One page of a listing from the `cursor` query parameter (an opaque offset), and the `Link`
 * header to the next page when more remain: an absolute URL, as the client's parser wants.
 */
export function pageItems<T>(
  request: FastifyRequest,
  items: readonly T[],
  limit: number,
): { page: T[]; link?: string } {
  const url = new URL(request.url, `${request.protocol}://${request.headers.host ?? "127.0.0.1"}`);
  const cursor = url.searchParams.get("cursor");
  const offset = cursor === null ? 0 : Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ServerError("BAD_REQUEST", 400, `invalid cursor ${cursor}`);
  }
  const page = items.slice(offset, offset + limit);
  if (offset + limit >= items.length) return { page };
  url.searchParams.set("cursor", Buffer.from(String(offset + limit)).toString("base64url"));
  return { page, link: `<${url.href}>; rel="next"` };
}

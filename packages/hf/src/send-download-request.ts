import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * Body bytes a download may buffer before Node stops reading its socket. The default (16 KiB) is
 * below one socket read (64 KiB), so reading would stop and restart for every chunk; much more
 * keeps chunks alive long enough to cost the garbage collector more.
 */
const BODY_HIGH_WATER = 1024 * 1024;

/**
 * One GET through node:http(s), no redirects followed: the answer's head, with the body still to
 * read as Node buffers. Downloads use it rather than `fetch`, whose web streams cost more CPU per
 * chunk than hashing at loopback speed leaves.
 */
export function sendDownloadRequest(
  url: URL,
  headers: Headers,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      // highWaterMark reaches the socket (and so the response) though the types omit it.
      {
        headers: Object.fromEntries(headers),
        highWaterMark: BODY_HIGH_WATER,
        ...(signal && { signal }),
      } as RequestOptions,
      resolve,
    );
    req.on("error", reject);
    req.end();
  });
}

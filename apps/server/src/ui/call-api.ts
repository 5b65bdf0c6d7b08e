import type { FastifyInstance, FastifyRequest } from "fastify";

export interface ApiResponse<T> {
  status: number;
  /** The JSON body; on an error status, whatever the API said (usually `{ error }`). */
  body: T;
}

/**
 * Calls the server's own JSON API in process, so the pages show exactly what the API serves
 * (one source of truth, one set of checks) without a network round trip. The page request's
 * credentials and Host go along: a page sees what its visitor may see, and the API's checks
 * (token, loopback Host) apply to it as to the visitor.
 */
export async function callApi<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  method: "GET" | "POST",
  url: string,
  payload?: object,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  for (const name of ["authorization", "cookie", "host"]) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  let body: unknown = null;
  try {
    body = res.body === "" ? null : JSON.parse(res.body);
  } catch {
    body = { error: res.body.slice(0, 200) };
  }
  return { status: res.statusCode, body: body as T };
}

import type { FastifyInstance, FastifyRequest } from "fastify";
import { isLoopbackHost } from "./is-loopback-host.js";
import "./route-config.js";
import { ServerError } from "./server-error.js";
import { tokenMatches } from "./token-matches.js";

export interface AuthOptions {
  /** Full access. When unset (loopback only), requests need no token. */
  token?: string;
  /** Read access: GET and HEAD, and POSTs marked `readOnly` (the hub API). Needs `token`. */
  readToken?: string;
  /** Answer CORS preflights (OPTIONS) without a token: they never carry one. */
  cors?: boolean;
}

/** Name of the cookie a browser page may carry the token in (EventSource cannot send headers). */
export const TOKEN_COOKIE = "mlib_token";

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * Checks every request before its body is read. With a token set: `Authorization: Bearer <token>`
 * or the `mlib_token` cookie (then an unsafe method must come from the server's own origin, so
 * another site cannot use the visitor's cookie); 401 without a valid token, 403 for a write
 * with the read-only token. Without a token the server only listens on loopback, and the Host
 * header must name loopback too: a web page that rebinds its own DNS name to 127.0.0.1 is refused.
 */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const { token, readToken } = options;
  app.addHook("onRequest", async (request) => {
    if (request.routeOptions.config?.public) return;
    if (options.cors && request.method === "OPTIONS") return;
    if (token === undefined) {
      const host = hostName(request.headers.host ?? "");
      if (!isLoopbackHost(host)) {
        throw new ServerError("FORBIDDEN", 403, `host ${host || "(none)"} is not served: use localhost`);
      }
      return;
    }
    const { value, viaCookie } = presentedToken(request);
    if (value === undefined) throw unauthorized("a token is required");
    const full = tokenMatches(value, token);
    const read = !full && readToken !== undefined && tokenMatches(value, readToken);
    if (!full && !read) throw unauthorized("invalid token");
    const safe = SAFE_METHODS.has(request.method) || request.routeOptions.config?.readOnly === true;
    if (!full && !safe) throw new ServerError("FORBIDDEN", 403, "the read-only token cannot change anything");
    if (viaCookie && !safe && !sameOrigin(request)) {
      throw new ServerError("FORBIDDEN", 403, "cross-origin request refused");
    }
  });
}

function unauthorized(message: string): ServerError {
  return new ServerError("UNAUTHORIZED", 401, message);
}

function presentedToken(request: FastifyRequest): { value?: string; viaCookie: boolean } {
  const header = request.headers.authorization;
  if (typeof header === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return { value: match?.[1], viaCookie: false };
  }
  const cookie = request.headers.cookie;
  if (typeof cookie === "string") {
    for (const part of cookie.split(";")) {
      const eq = part.indexOf("=");
      if (eq !== -1 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
        return { value: safeDecode(part.slice(eq + 1).trim()), viaCookie: true };
      }
    }
  }
  return { viaCookie: false };
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** No Origin (not a browser, or a same-origin navigation) or one whose host is the Host header. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** The host name of a Host header: `[::1]:8080` → `::1`, `localhost:80` → `localhost`. */
function hostName(host: string): string {
  const bracket = /^\[([^\]]*)\]/.exec(host);
  if (bracket) return bracket[1] ?? "";
  const colon = host.indexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

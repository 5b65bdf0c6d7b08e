import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-reply.js";

/**
 * Whether a request carries an accepted token. A bad token is refused outright, public repo or
 * not, as the hub does.
 */
export function authenticate(req: IncomingMessage, tokens: ReadonlySet<string> | undefined): boolean {
  const header = req.headers.authorization;
  if (header === undefined) return false;
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (token !== undefined && (tokens ? tokens.has(token) : token.startsWith("hf_"))) return true;
  throw new HttpError(401, "Invalid credentials in Authorization header");
}

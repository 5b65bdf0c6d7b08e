import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { FixtureRequest } from "./types.js";

/** An error answer: status, `{error}` body, and the hub's `X-Error-Code` when it has one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

const logEntries = new WeakMap<ServerResponse, FixtureRequest>();

/** Tie a response to its request-log entry so the entry gets the status. */
export function trackResponse(res: ServerResponse, entry: FixtureRequest): void {
  logEntries.set(res, entry);
}

/**
 * Every answer goes through here: the log gets the status as the head leaves, before the client
 * can see the answer, so a test may assert on it as soon as its call returns.
 */
export function writeHead(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void {
  const entry = logEntries.get(res);
  if (entry) entry.status = status;
  res.writeHead(status, headers);
}

/** Add body bytes the socket accepted to the request's log entry. */
export function countSent(res: ServerResponse, bytes: number): void {
  const entry = logEntries.get(res);
  if (entry) entry.bytesSent += bytes;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = Buffer.from(JSON.stringify(body));
  writeHead(res, status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": text.byteLength,
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(
    res,
    error.status,
    { error: error.message },
    error.errorCode ? { "X-Error-Code": error.errorCode, "X-Error-Message": error.message } : {},
  );
}

import { type IncomingMessage, request } from "node:http";

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

export interface SseClient {
  status: number;
  headers: IncomingMessage["headers"];
  /** Every event and comment received so far (comments as `{event: "comment", data}`). */
  received: SseEvent[];
  /** Resolves with the first received item (already or later) that `match` accepts. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET path` as an event stream over real HTTP and parses what arrives. */
export function openSse(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path,
      headers: { accept: "text/event-stream", ...headers },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      const received: SseEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) Object.assign(event, { event: "comment", data: line.slice(1).trim() });
            const colon = line.indexOf(":");
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, "");
            if (field === "id" || field === "event" || field === "data") event[field] = value;
          }
          received.push(event);
          end = buffer.indexOf("\n\n");
        }
        for (const wake of waiters) wake();
      });
      const ended = new Promise<void>((done) => res.on("close", () => done()));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        received,
        ended,
        close: () => req.destroy(),
        waitFor(match, timeoutMs = 10_000) {
          return new Promise((found, fail) => {
            const check = () => {
              const hit = received.find(match);
              if (!hit) return false;
              waiters.delete(check);
              clearTimeout(timer);
              found(hit);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(received)}`));
            }, timeoutMs);
            if (!check()) waiters.add(check);
          });
        },
      });
    });
    req.end();
  });
}

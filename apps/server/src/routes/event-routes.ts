import type { ServerResponse } from "node:http";
import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { errorResponses } from "../api-schemas.js";
import type { ServerEvent } from "../event-log.js";
import type { ServerContext } from "../server-context.js";

/** A client this far behind (bytes queued on its socket) is dropped; it can reconnect and resume. */
const MAX_BUFFERED = 1 << 20;

const frames = new WeakMap<ServerEvent, string>();
function frame(event: ServerEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    text = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data ?? null)}\n\n`;
    frames.set(event, text);
  }
  return text;
}

/**
 * `GET /api/v1/events`: server-sent events. Each event has an increasing `id`; a client that
 * reconnects with `Last-Event-ID` (or `?lastEventId=`) first gets what it missed from the ring
 * buffer, or a `reset` event when some of it is gone (reload your state). Heartbeat comments
 * keep proxies from closing idle streams. Streams end when the server closes.
 */
export async function registerEventRoutes(fastify: FastifyInstance, ctx: ServerContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const open = new Set<ServerResponse>();

  app.addHook("preClose", async () => {
    for (const res of open) res.end();
  });

  app.get(
    "/api/v1/events",
    {
      schema: {
        tags: ["events"],
        summary: "Live events (text/event-stream)",
        description:
          "Event types: `library` (`{kind: added|updated|removed|moved|modified|adopted|reindexed, id, origin: server|watcher}`), " +
          "`progress` (@ml/progress events of imports, verify jobs and downloads, throttled per file), " +
          "`download` (a pull's new state), `job` (a job started or ended), `reset` (events were missed: reload).",
        querystring: Type.Object(
          { lastEventId: Type.Optional(Type.Integer({ minimum: 0 })) },
          { additionalProperties: false },
        ),
        headers: Type.Object({ "last-event-id": Type.Optional(Type.String({ pattern: "^[0-9]{1,15}$" })) }),
        response: errorResponses,
      },
    },
    (request, reply) => {
      const header = request.headers["last-event-id"];
      const lastId = typeof header === "string" ? Number(header) : request.query.lastEventId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      open.add(res);
      const send = (text: string) => {
        if (res.destroyed || res.writableEnded) return;
        if (res.writableLength > MAX_BUFFERED) {
          res.destroy();
          return;
        }
        res.write(text);
      };
      send("retry: 3000\n\n");
      if (lastId !== undefined) {
        const { events, complete } = ctx.events.since(lastId);
        if (!complete) {
          const resetId = (events[0]?.id ?? ctx.events.lastId + 1) - 1;
          send(`id: ${resetId}\nevent: reset\ndata: ${JSON.stringify({ lastId: ctx.events.lastId })}\n\n`);
        }
        for (const event of events) send(frame(event));
      }
      const unsubscribe = ctx.events.subscribe((event) => send(frame(event)));
      const heartbeat = setInterval(() => send(": ping\n\n"), ctx.heartbeatMs);
      res.on("close", () => {
        open.delete(res);
        unsubscribe();
        clearInterval(heartbeat);
      });
    },
  );
}

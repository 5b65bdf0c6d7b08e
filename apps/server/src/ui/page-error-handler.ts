import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { toErrorReply } from "../to-error-reply.js";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

/**
 * Errors of the pages as pages: a visitor without the token is sent to sign in, anything else is
 * told in words (internal errors only as such; their detail goes to the log).
 */
export function pageErrorHandler(ui: UiContext) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = toErrorReply(error);
    if (answer.statusCode === 401 && request.method === "GET") {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    if (answer.internal) request.log.error({ err: error }, "page failed");
    const body = html`<h1>Something went wrong</h1><p class="error" role="alert">${answer.body.error}</p><p><a href="/">Back to the library</a></p>`;
    return sendPage(
      reply,
      layout({ title: "Error", section: null, body, ui: { ...ui, libraryRoot: "" } }),
      answer.statusCode,
    );
  };
}

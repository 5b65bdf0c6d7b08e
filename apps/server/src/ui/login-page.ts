import type { FastifyInstance, FastifyRequest } from "fastify";
import { TOKEN_COOKIE } from "../register-auth.js";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { queryParam } from "./query-param.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

/**
 * `/login`: for a server started with a token. The token goes into an HttpOnly cookie (script on
 * the page cannot read it; the event stream sends it, which a header could not), once the API has
 * accepted it.
 */
export function registerLoginPage(app: FastifyInstance, ui: UiContext): void {
  const page = (next: string, problem?: string) =>
    layout({
      title: "Sign in",
      section: null,
      ui: { ...ui, libraryRoot: "" },
      body: html`<h1>Sign in</h1>
<p>This server was started with a token (<code>mlib serve --token</code>). Enter it to use the library.</p>
<form class="stack" method="post" action="/login">
<input type="hidden" name="next" value="${next}">
<div class="field"><label for="token">Token</label><input type="password" id="token" name="token" required autocomplete="current-password" autofocus></div>
${problem ? html`<p class="error" role="alert">${problem}</p>` : ""}
<div class="actions"><button type="submit">Sign in</button></div>
</form>`,
    });
  app.get("/login", { config: { public: true } }, async (request, reply) =>
    sendPage(reply, page(safeNext(queryParam(request.query, "next")))),
  );
  app.post("/login", { config: { public: true } }, async (request, reply) => {
    const form = request.body as Record<string, unknown> | null;
    const token = typeof form?.token === "string" ? form.token.trim() : "";
    const next = safeNext(typeof form?.next === "string" ? form.next : "");
    if (!(await accepted(app, request, token)))
      return sendPage(reply, page(next, "That token was not accepted."), 401);
    return reply
      .header(
        "set-cookie",
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000`,
      )
      .redirect(next, 303);
  });
}

/** Whether the API takes this token: one cheap read with it, from the visitor's Host. */
async function accepted(app: FastifyInstance, request: FastifyRequest, token: string): Promise<boolean> {
  if (token === "" || /[\s;]/.test(token)) return false;
  const res = await app.inject({
    method: "GET",
    url: "/api/v1/models?limit=0",
    headers: { authorization: `Bearer ${token}`, host: request.headers.host ?? "" },
  });
  return res.statusCode === 200;
}

/** A path on this server only: no scheme, no `//host`, so a link cannot send the visitor away. */
function safeNext(next: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(next) ? next : "/";
}

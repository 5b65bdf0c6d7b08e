import type { FastifyInstance } from "fastify";
import { apiError } from "./api-error.js";
import { callApi } from "./call-api.js";
import { type Html, html } from "./html.js";
import { layout } from "./layout.js";
import { pageStatus } from "./page-status.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

interface Check {
  name?: string;
  status?: string;
  message?: string;
  hint?: string;
}

/** `/doctor`: the server's health checks, one row each, problems first. */
export function registerDoctorPage(app: FastifyInstance, ui: UiContext): void {
  app.get("/doctor", async (request, reply) => {
    const res = await callApi<unknown>(app, request, "GET", "/api/v1/doctor");
    const body =
      res.status === 200
        ? doctorBody(res.body)
        : html`<h1>Doctor</h1><p class="error" role="alert">The checks did not run: ${apiError(res)}</p>`;
    return sendPage(reply, layout({ title: "Doctor", section: "doctor", body, ui }), pageStatus(res));
  });
}

const RANK: Record<string, number> = { fail: 0, error: 0, warn: 1, ok: 2 };

function doctorBody(report: unknown): Html {
  const checks = (Array.isArray(report) ? report : (report as { checks?: unknown } | null)?.checks) as
    | Check[]
    | undefined;
  if (!Array.isArray(checks)) {
    return html`<h1>Doctor</h1><pre class="json">${JSON.stringify(report, null, 2)}</pre>`;
  }
  const sorted = [...checks].sort((a, b) => (RANK[a.status ?? ""] ?? 1) - (RANK[b.status ?? ""] ?? 1));
  const failed = checks.filter((c) => c.status === "fail" || c.status === "error").length;
  const warned = checks.filter((c) => c.status === "warn").length;
  const summary =
    failed + warned === 0
      ? "Everything looks right."
      : `${failed} problem${failed === 1 ? "" : "s"}, ${warned} warning${warned === 1 ? "" : "s"}.`;
  return html`<h1>Doctor</h1>
<p id="doctor-summary" class="${failed ? "error" : warned ? "warning" : "ok"}">${summary}</p>
<div class="table-wrap"><table class="checks">
<thead><tr><th scope="col">Check</th><th scope="col">State</th><th scope="col">Finding</th></tr></thead>
<tbody>${sorted.map(
    (
      c,
    ) => html`<tr><th scope="row">${c.name ?? ""}</th><td><span class="state ${c.status ?? ""}">${c.status ?? ""}</span></td>
<td>${c.message ?? ""}${c.hint ? html`<div class="muted">→ ${c.hint}</div>` : ""}</td></tr>`,
  )}</tbody></table></div>
<p><a href="/doctor">Run the checks again</a></p>`;
}

import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiError } from "./api-error.js";
import { callApi } from "./call-api.js";
import { type Html, html } from "./html.js";
import { layout } from "./layout.js";
import { linkRows } from "./link-rows.js";
import { queryParam } from "./query-param.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

interface AppsAnswer {
  profiles?: { id: string; name?: string; target?: string | null }[];
  detected?: { app: string; name?: string; target: string }[];
}

interface PlanAnswer {
  actions?: { action: string; modelId: string; path: string; kind: string; reason?: string }[];
  skipped?: { modelId: string; name?: string; reason: string }[];
  counts?: Record<string, number>;
  warnings?: string[];
  strategy?: string;
}

const STRATEGIES = ["auto", "reflink", "hardlink", "symlink", "copy", "config"] as const;

/**
 * `/apps`: pick an app and its folder, see the plan (a GET, so it needs no script and changes
 * nothing), then apply exactly that request; below, the health of every link made so far.
 */
export function registerAppsPage(app: FastifyInstance, ui: UiContext): void {
  app.get("/apps", async (request, reply) => {
    const chosen = {
      app: queryParam(request.query, "app").trim(),
      target: queryParam(request.query, "target").trim(),
      strategy: queryParam(request.query, "strategy").trim() || "auto",
    };
    const apps = await callApi<AppsAnswer>(app, request, "GET", "/api/v1/apps");
    const profiles = apps.status === 200 ? (apps.body.profiles ?? []) : [];
    const detected = apps.status === 200 ? (apps.body.detected ?? []) : [];
    const plan = chosen.app && chosen.target ? await planSection(app, request, chosen) : html``;
    const body = html`<h1>Apps</h1>
<p>Makes the library's models visible to an app without copying them: links in the app's model folders (or its config file), chosen per type.</p>
${apps.status === 200 ? "" : html`<p class="error" role="alert">Apps are not available: ${apiError(apps)}</p>`}
${
  detected.length
    ? html`<section aria-labelledby="h-detected"><h2 id="h-detected">Found on this machine</h2><ul class="detected">${detected.map(
        (d) =>
          html`<li><a href="/apps?${new URLSearchParams({ app: d.app, target: d.target }).toString()}">${d.name ?? d.app}</a> <span class="muted path">${d.target}</span></li>`,
      )}</ul></section>`
    : ""
}
<section aria-labelledby="h-link"><h2 id="h-link">Link into an app</h2>
<form id="link" class="search" method="get" action="/apps">
<div class="field"><label for="link-app">App</label><select id="link-app" name="app" required><option value="">Choose…</option>${profiles.map(
      (p) =>
        html`<option value="${p.id}"${p.id === chosen.app ? html` selected` : ""}>${p.name ?? p.id}</option>`,
    )}</select></div>
<div class="field grow"><label for="link-target">App folder <span class="muted">(the folder holding its models/, or its models folder)</span></label>
<input id="link-target" name="target" value="${chosen.target}" required spellcheck="false"></div>
<div class="field"><label for="link-strategy">How</label><select id="link-strategy" name="strategy">${STRATEGIES.map(
      (s) => html`<option${s === chosen.strategy ? html` selected` : ""}>${s}</option>`,
    )}</select></div>
<div class="field actions"><button type="submit">Show plan</button></div>
</form></section>
${plan}
${await healthSection(app, request)}`;
    return sendPage(reply, layout({ title: "Apps", section: "apps", body, ui }));
  });
}

async function planSection(
  app: FastifyInstance,
  request: FastifyRequest,
  chosen: { app: string; target: string; strategy: string },
): Promise<Html> {
  const res = await callApi<{ plan?: PlanAnswer }>(app, request, "POST", "/api/v1/links/plan", chosen);
  if (res.status !== 200) {
    return html`<section aria-labelledby="h-plan"><h2 id="h-plan">Plan</h2><p class="error" role="alert">No plan: ${apiError(res)}</p></section>`;
  }
  const plan = res.body.plan ?? {};
  const actions = plan.actions ?? [];
  const counts = Object.entries(plan.counts ?? {}).filter(([, n]) => n > 0);
  const changes = actions.filter((a) => a.action !== "keep").length;
  return html`<section id="plan" aria-labelledby="h-plan"><h2 id="h-plan">Plan</h2>
<p id="plan-summary">${counts.length ? counts.map(([k, n]) => `${n} ${k}`).join(", ") : "Nothing to do"}${plan.strategy ? ` (strategy ${plan.strategy})` : ""}.</p>
${(plan.warnings ?? []).length ? html`<ul class="warnings">${(plan.warnings ?? []).map((w) => html`<li class="warning">${w}</li>`)}</ul>` : ""}
${
  actions.length
    ? html`<div class="table-wrap"><table class="plan">
<thead><tr><th scope="col">Action</th><th scope="col">Model</th><th scope="col">Path</th><th scope="col">Kind</th></tr></thead>
<tbody>${actions.map(
        (
          a,
        ) => html`<tr data-plan-path="${a.path}"><td><span class="state ${a.action}">${a.action}</span></td><td><a href="/models/${encodeURIComponent(a.modelId)}">${a.modelId}</a></td>
<td class="path">${a.path}${a.reason ? html`<div class="muted">${a.reason}</div>` : ""}</td><td>${a.kind}</td></tr>`,
      )}</tbody></table></div>`
    : ""
}
${
  (plan.skipped ?? []).length
    ? html`<details><summary>${(plan.skipped ?? []).length} model(s) not linked</summary><ul>${(
        plan.skipped ?? []
      ).map((s) => html`<li>${s.name ?? s.modelId}: ${s.reason}</li>`)}</ul></details>`
    : ""
}
<form id="apply" data-apply="/api/v1/links/apply">
<input type="hidden" name="app" value="${chosen.app}"><input type="hidden" name="target" value="${chosen.target}"><input type="hidden" name="strategy" value="${chosen.strategy}">
<button type="submit"${changes === 0 ? html` disabled` : ""}>Apply this plan</button>
<noscript><span class="warning">Applying needs JavaScript, or run <code>mlib link</code>.</span></noscript>
</form>
<div id="apply-result" class="result" aria-live="polite"></div>
</section>`;
}

async function healthSection(app: FastifyInstance, request: FastifyRequest): Promise<Html> {
  const res = await callApi<unknown>(app, request, "GET", "/api/v1/links/check");
  if (res.status !== 200) return html`<p class="warning">Link health is not available: ${apiError(res)}</p>`;
  const rows = linkRows(res.body);
  const broken = rows.filter((r) => r.status !== "ok").length;
  return html`<section id="links" data-swap aria-labelledby="h-health"><h2 id="h-health">Links made</h2>
${
  rows.length === 0
    ? html`<p class="muted">No links yet.</p>`
    : html`<p>${rows.length} link${rows.length === 1 ? "" : "s"}, ${broken ? `${broken} need${broken === 1 ? "s" : ""} repair` : "all fine"}.</p>
<div class="table-wrap"><table class="links"><thead><tr><th scope="col">App</th><th scope="col">Model</th><th scope="col">Path</th><th scope="col">Kind</th><th scope="col">State</th></tr></thead>
<tbody>${rows.map(
        (
          r,
        ) => html`<tr><td>${r.app}</td><td><a href="/models/${encodeURIComponent(r.modelId)}">${r.modelId}</a></td><td class="path">${r.path}</td><td>${r.kind}</td>
<td><span class="state ${r.status}">${r.status}</span>${r.detail ? html` <span class="muted">${r.detail}</span>` : ""}</td></tr>`,
      )}</tbody></table></div>
${broken ? html`<p><button type="button" data-post="/api/v1/links/repair" data-done="reload">Repair links</button></p>` : ""}`
}</section>`;
}

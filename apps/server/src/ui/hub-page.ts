import { formatBytes } from "@ml/progress";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { apiError } from "./api-error.js";
import { callApi } from "./call-api.js";
import { formatCount } from "./format-count.js";
import { formatDate } from "./format-date.js";
import { type Html, html } from "./html.js";
import { layout } from "./layout.js";
import { type PullRow, pullRows } from "./pull-rows.js";
import { queryParam } from "./query-param.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

interface HubItem {
  repo?: string;
  id?: string;
  task?: string;
  downloads?: number;
  likes?: number;
  updatedAt?: string;
  gated?: false | string;
  formats?: string[];
  quantizations?: string[];
}

/**
 * `/hub`: Hugging Face search and pulls; `/pulls`: the pulls alone (the script refreshes that
 * section from it when a pull starts or ends; byte counts arrive over server-sent events).
 */
export function registerHubPage(app: FastifyInstance, ui: UiContext): void {
  app.get("/hub", async (request, reply) => {
    const q = queryParam(request.query, "q").trim();
    const search = q ? await hubSearch(app, request, q) : html``;
    const body = html`<h1>Hugging Face</h1>
<form class="search" role="search" method="get" action="/hub">
<div class="field grow"><label for="hub-q">Search models on Hugging Face</label>
<input type="search" id="hub-q" name="q" value="${q}" placeholder="llama 8b gguf" autocomplete="off"></div>
<div class="field actions"><button type="submit">Search</button></div>
</form>
${search}
<section aria-labelledby="h-pull"><h2 id="h-pull">Pull</h2>
<form id="pull" class="inline" data-pull="/api/v1/pulls">
<div class="field grow"><label for="pull-spec">Repository, with a quantization or a file <span class="muted">(org/repo, org/repo:Q4_K_M, org/repo/file.gguf)</span></label>
<input id="pull-spec" name="spec" required spellcheck="false" autocomplete="off"></div>
<div class="field actions"><button type="submit">Pull</button></div>
<p class="result" aria-live="polite" data-result></p>
</form></section>
${await pullsSection(app, request)}`;
    return sendPage(reply, layout({ title: "Hugging Face", section: "hub", body, ui }));
  });
  app.get("/pulls", async (request: FastifyRequest, reply: FastifyReply) => {
    const body = html`<h1>Pulls</h1>${await pullsSection(app, request)}`;
    return sendPage(reply, layout({ title: "Pulls", section: "hub", body, ui }));
  });
}

async function hubSearch(app: FastifyInstance, request: FastifyRequest, q: string): Promise<Html> {
  const res = await callApi<unknown>(app, request, "GET", `/api/v1/hf/search?q=${encodeURIComponent(q)}`);
  if (res.status === 404) {
    return html`<p class="warning" role="alert">This server cannot search Hugging Face (${apiError(res)}). A known repository can still be pulled below.</p>`;
  }
  if (res.status !== 200) return html`<p class="error" role="alert">Search failed: ${apiError(res)}</p>`;
  const obj = res.body as { items?: unknown; stale?: boolean } | null;
  const items = (
    Array.isArray(res.body) ? res.body : Array.isArray(obj?.items) ? obj.items : []
  ) as HubItem[];
  if (items.length === 0) return html`<p id="hub-count">No repository matches “${q}”.</p>`;
  return html`<p id="hub-count">${items.length} repositor${items.length === 1 ? "y" : "ies"}${obj?.stale ? " (from the offline cache)" : ""}</p>
<div class="table-wrap"><table class="hub">
<thead><tr><th scope="col">Repository</th><th scope="col">Task</th><th scope="col">Formats</th><th scope="col" class="num">Downloads</th><th scope="col" class="num">Likes</th><th scope="col">Updated</th><th scope="col">Pull</th></tr></thead>
<tbody>${items.map(hubRow)}</tbody></table></div>`;
}

function hubRow(item: HubItem, i: number): Html {
  const repo = item.repo ?? item.id ?? "";
  const quants = item.quantizations ?? [];
  const choose = quants.length
    ? html`<label class="visually-hidden" for="q-${i}">Quantization for ${repo}</label><select id="q-${i}" name="quant"><option value="">default</option>${quants.map(
        (q) => html`<option>${q}</option>`,
      )}</select> `
    : "";
  return html`<tr><th scope="row"><a href="https://huggingface.co/${repo}" rel="noreferrer">${repo}</a>${item.gated ? html` <span class="badge">gated</span>` : ""}</th>
<td>${item.task ?? ""}</td><td>${(item.formats ?? []).join(", ")}</td>
<td class="num">${formatCount(item.downloads)}</td><td class="num">${formatCount(item.likes)}</td><td>${formatDate(item.updatedAt).slice(0, 10)}</td>
<td><form class="row-pull" data-pull="/api/v1/pulls" data-repo="${repo}">${choose}<button type="submit" aria-label="Pull ${repo}">Pull</button><span class="result" aria-live="polite" data-result></span></form></td></tr>`;
}

async function pullsSection(app: FastifyInstance, request: FastifyRequest): Promise<Html> {
  const res = await callApi<unknown>(app, request, "GET", "/api/v1/pulls");
  const content =
    res.status !== 200
      ? html`<p class="warning">Pulls are not available: ${apiError(res)}</p>`
      : pullTable(pullRows(res.body));
  return html`<section id="pulls" data-swap data-live-pulls aria-labelledby="h-pulls"><h2 id="h-pulls">Pulls</h2>${content}</section>`;
}

const ACTIONS: Record<string, string[]> = {
  queued: ["pause", "cancel"],
  running: ["pause", "cancel"],
  paused: ["resume", "cancel"],
  failed: ["resume", "cancel"],
};

function pullTable(rows: PullRow[]): Html {
  if (rows.length === 0) return html`<p class="muted">No pulls yet.</p>`;
  return html`<div class="table-wrap"><table class="pulls">
<thead><tr><th scope="col">What</th><th scope="col">State</th><th scope="col">Progress</th><th scope="col">Actions</th></tr></thead>
<tbody>${[...rows].reverse().map(pullRow)}</tbody></table></div>`;
}

function pullRow(p: PullRow): Html {
  const total = p.bytesTotal ?? 0;
  const done = p.state === "done";
  const bar = html`<progress id="progress-${p.id}" max="${total || 1}" value="${done ? total || 1 : Math.min(p.bytesDone, total)}" aria-label="Progress of ${p.spec}">${total ? Math.round((100 * p.bytesDone) / total) : 0}%</progress>`;
  return html`<tr data-pull-id="${p.id}" data-state="${p.state}"><th scope="row">${p.spec}</th>
<td><span class="state ${p.state}" data-pull-state>${p.state}</span>${p.reason ? html`<div class="muted">${p.reason}</div>` : ""}</td>
<td>${p.state === "cancelled" ? "" : bar} <span class="bytes" data-pull-bytes>${formatBytes(p.bytesDone)}${total ? ` of ${formatBytes(total)}` : ""}</span></td>
<td>${(ACTIONS[p.state] ?? []).map(
    (a) =>
      html`<button type="button" data-post="/api/v1/pulls/${encodeURIComponent(p.id)}/${a}" data-done="pulls" aria-label="${a} ${p.spec}">${a[0]?.toUpperCase()}${a.slice(1)}</button> `,
  )}</td></tr>`;
}

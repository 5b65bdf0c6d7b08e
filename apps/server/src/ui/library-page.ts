import { formatBytes } from "@ml/progress";
import type { FastifyInstance } from "fastify";
import { apiError } from "./api-error.js";
import type { FacetCount, ModelList, ModelListItem } from "./api-types.js";
import { callApi } from "./call-api.js";
import { formatCount } from "./format-count.js";
import { formatDate } from "./format-date.js";
import { type Html, html } from "./html.js";
import { layout } from "./layout.js";
import { pageStatus } from "./page-status.js";
import { queryParam } from "./query-param.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const FILTERS = [
  ["type", "Type", "All types"],
  ["format", "Format", "All formats"],
  ["quantization", "Quantization", "All quantizations"],
  ["architecture", "Architecture", "All architectures"],
] as const;
const SORTS = [
  ["", "Best match"],
  ["name", "Name"],
  ["size", "Size"],
  ["date", "Newest"],
] as const;
/** Query keys the page keeps in its links and hands to the API. */
const KEYS = ["q", ...FILTERS.map((f) => f[0]), "tag", "sort"] as const;

type Query = Record<(typeof KEYS)[number], string> & { offset: number; limit: number };

function readQuery(raw: unknown): Query {
  const text = Object.fromEntries(KEYS.map((k) => [k, queryParam(raw, k).trim()])) as Record<
    (typeof KEYS)[number],
    string
  >;
  const whole = (key: string) => Math.trunc(Number(queryParam(raw, key))) || 0;
  return {
    ...text,
    offset: Math.max(0, whole("offset")),
    limit: Math.min(MAX_PAGE_SIZE, Math.max(1, whole("limit") || PAGE_SIZE)),
  };
}

/** `/`: the library as a paged table, searched and filtered by the API, readable without JS. */
export function registerLibraryPage(app: FastifyInstance, ui: UiContext): void {
  app.get("/", async (request, reply) => {
    const query = readQuery(request.query);
    const res = await callApi<ModelList>(
      app,
      request,
      "GET",
      `/api/v1/models?${toSearch(query, query.offset, true)}`,
    );
    const body =
      res.status === 200
        ? libraryBody(query, res.body)
        : html`<h1>Library</h1><p class="error" role="alert">Could not list the models: ${apiError(res)}</p>`;
    return sendPage(reply, layout({ title: "Library", section: "library", body, ui }), pageStatus(res));
  });
}

/** The query string of a page of `query` starting at `offset` (for the API: the page size always). */
function toSearch(query: Query, offset: number, forApi = false): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (query[key]) params.set(key, query[key]);
  if (forApi || query.limit !== PAGE_SIZE) params.set("limit", String(query.limit));
  if (offset > 0) params.set("offset", String(offset));
  return params.toString();
}

function libraryBody(query: Query, list: ModelList): Html {
  const facets = list.facets ?? {};
  const selects = FILTERS.map(([key, label, all]) =>
    facetSelect(key, label, all, query[key], facets[key] ?? []),
  );
  const sort = SORTS.map(
    ([value, label]) =>
      html`<option value="${value}"${value === query.sort ? html` selected` : ""}>${label}</option>`,
  );
  const filtered = KEYS.some((k) => query[k] !== "");
  return html`<h1>Library</h1>
<form id="search" class="search" role="search" method="get" action="/" data-live-search>
<div class="field grow"><label for="q">Search</label>
<input type="search" id="q" name="q" value="${query.q}" placeholder="name, architecture, tag…" autocomplete="off"></div>
${selects}
<div class="field"><label for="sort">Sort by</label><select id="sort" name="sort">${sort}</select></div>
${query.tag ? html`<input type="hidden" name="tag" value="${query.tag}">` : ""}
${query.limit === PAGE_SIZE ? "" : html`<input type="hidden" name="limit" value="${query.limit}">`}
<div class="field actions"><button type="submit">Search</button> <a id="clear" href="/" data-swap${filtered ? "" : html` hidden`}>Clear</a></div>
</form>
<div id="results" data-swap aria-live="polite">${results(query, list)}</div>`;
}

function facetSelect(key: string, label: string, all: string, current: string, counts: FacetCount[]): Html {
  const values =
    counts.some((c) => c.value === current) || !current ? counts : [{ value: current, count: 0 }, ...counts];
  const options = values.map(
    (c) =>
      html`<option value="${c.value}"${c.value === current ? html` selected` : ""}>${c.value} (${c.count.toLocaleString("en")})</option>`,
  );
  return html`<div class="field"><label for="f-${key}">${label}</label>
<select id="f-${key}" name="${key}" data-swap><option value="">${all}</option>${options}</select></div>`;
}

function results(query: Query, list: ModelList): Html {
  if (list.total === 0) {
    return html`<p id="result-count">${query.q || query.type || query.format || query.quantization || query.architecture || query.tag ? "No model matches." : "The library is empty: import a model file to start."}</p>`;
  }
  const first = query.offset + 1;
  const last = query.offset + list.items.length;
  const rows = list.items.map(row);
  const prev = query.offset > 0 ? Math.max(0, query.offset - query.limit) : null;
  const next = last < list.total ? query.offset + query.limit : null;
  const pages = Math.ceil(list.total / query.limit);
  const page = Math.floor(query.offset / query.limit) + 1;
  return html`<p id="result-count">${list.total.toLocaleString("en")} model${list.total === 1 ? "" : "s"}${list.total > list.items.length ? html`, showing ${first.toLocaleString("en")}–${last.toLocaleString("en")}` : ""}</p>
<div class="table-wrap"><table class="models">
<caption class="visually-hidden">Models in the library</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Format</th><th scope="col">Architecture</th><th scope="col">Quantization</th><th scope="col" class="num">Parameters</th><th scope="col" class="num">Size</th><th scope="col">Added</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
${
  pages > 1
    ? html`<nav class="pager" aria-label="Pages">
${prev === null ? html`<span aria-disabled="true">← Previous</span>` : html`<a rel="prev" href="/?${toSearch(query, prev)}">← Previous</a>`}
<span>Page ${page} of ${pages.toLocaleString("en")}</span>
${next === null ? html`<span aria-disabled="true">Next →</span>` : html`<a rel="next" href="/?${toSearch(query, next)}">Next →</a>`}
</nav>`
    : ""
}`;
}

function row(m: ModelListItem): Html {
  const tags = (m.tags ?? []).map(
    (t) => html` <a class="tag" href="/?tag=${encodeURIComponent(t)}">${t}</a>`,
  );
  return html`<tr>
<th scope="row"><a href="/models/${encodeURIComponent(m.id)}">${m.name}</a>${tags}</th>
<td>${m.type}${m.subtype ? html` <span class="muted">${m.subtype}</span>` : ""}</td>
<td>${m.format}</td>
<td>${m.architecture ?? ""}</td>
<td>${m.quantization ?? ""}</td>
<td class="num">${formatCount(m.parameterCount)}</td>
<td class="num">${formatBytes(m.size)}</td>
<td class="date">${formatDate(m.addedAt).slice(0, 10)}</td>
</tr>`;
}

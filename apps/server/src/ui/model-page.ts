import { MODEL_TYPES } from "@ml/library";
import { formatBytes } from "@ml/progress";
import type { FastifyInstance } from "fastify";
import { apiError } from "./api-error.js";
import type { ModelDetail } from "./api-types.js";
import { callApi } from "./call-api.js";
import { formatCount } from "./format-count.js";
import { formatDate } from "./format-date.js";
import { type Html, html } from "./html.js";
import { layout } from "./layout.js";
import { type LinkRow, linkRows } from "./link-rows.js";
import { pageStatus } from "./page-status.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

/** `/models/:id`: everything known about one model, its integrity check and the user's edits. */
export function registerModelPage(app: FastifyInstance, ui: UiContext): void {
  app.get<{ Params: { id: string } }>("/models/:id", async (request, reply) => {
    const id = encodeURIComponent(request.params.id);
    const res = await callApi<ModelDetail>(app, request, "GET", `/api/v1/models/${id}`);
    if (res.status !== 200) {
      const body = html`<h1>Model not shown</h1><p class="error" role="alert">${apiError(res)}</p><p><a href="/">Back to the library</a></p>`;
      return sendPage(reply, layout({ title: "Model", section: "library", body, ui }), pageStatus(res));
    }
    const model = res.body;
    const links = await callApi<unknown>(app, request, "GET", "/api/v1/links/check");
    const rows = links.status === 200 ? linkRows(links.body).filter((l) => l.modelId === model.id) : null;
    return sendPage(
      reply,
      layout({ title: model.name, section: "library", body: modelBody(model, rows), ui }),
    );
  });
}

function modelBody(m: ModelDetail, links: LinkRow[] | null): Html {
  const api = `/api/v1/models/${encodeURIComponent(m.id)}`;
  const size = m.size ?? m.files.reduce((sum, f) => sum + f.size, 0);
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Library</a> › <span>${m.name}</span></nav>
<h1>${m.name}</h1>
<p class="subtitle"><code>${m.id}</code> <span class="badge">${m.type}</span> <span class="badge">${m.format}</span>${m.quantization ? html` <span class="badge">${m.quantization}</span>` : ""}</p>
${m.unsafe ? html`<p class="warning" role="note">This is a ${m.unsafe} file: loading it can run code. Only use it if you trust where it came from.</p>` : ""}
<div class="columns">
<section aria-labelledby="h-about"><h2 id="h-about">About</h2>
<dl class="facts">
${fact("Type", m.subtype ? `${m.type} (${m.subtype})` : m.type)}
${fact("Format", m.format)}
${fact("Architecture", m.architecture)}
${fact("Base model", m.base_model)}
${fact("Quantization", m.quantization)}
${fact("Parameters", m.parameter_count ? `${formatCount(m.parameter_count)} (${m.parameter_count.toLocaleString("en")})` : null)}
${fact("Context length", m.context_length ? m.context_length.toLocaleString("en") : null)}
${fact("Size", `${formatBytes(size)} (${size.toLocaleString("en")} bytes)`)}
${fact("Added", formatDate(m.added_at))}
${fact("Updated", formatDate(m.updated_at))}
${fact("Tags", m.tags?.length ? m.tags.join(", ") : null)}
${fact("Notes", m.notes)}
${fact("Folder", m.folder)}
</dl></section>
<section aria-labelledby="h-source"><h2 id="h-source">Provenance</h2>${provenance(m)}</section>
</div>
<section aria-labelledby="h-files"><h2 id="h-files">Files and hashes</h2>
<div class="table-wrap"><table class="files">
<thead><tr><th scope="col">File</th><th scope="col" class="num">Size</th><th scope="col">Hashes</th></tr></thead>
<tbody>${m.files.map(
    (
      f,
    ) => html`<tr><th scope="row">${f.name}${f.path ? html`<div class="muted path">${f.path}</div>` : ""}</th>
<td class="num">${formatBytes(f.size)}</td>
<td class="hashes">${f.sha256 ? html`<div>SHA-256 <code>${f.sha256}</code></div>` : ""}${f.blake3 ? html`<div>BLAKE3 <code>${f.blake3}</code></div>` : ""}</td></tr>`,
  )}</tbody></table></div>
</section>
<section aria-labelledby="h-integrity"><h2 id="h-integrity">Integrity</h2>
<p>Re-reads every file and compares it with the hashes above.</p>
<p><button type="button" data-verify="${m.id}">Verify files</button></p>
<div id="verify-result" class="result" aria-live="polite"><p class="muted">Not checked since this page opened.</p></div>
</section>
<section aria-labelledby="h-links"><h2 id="h-links">Links into apps</h2>${linkTable(links)}<p><a href="/apps">Link models into an app</a></p></section>
<section aria-labelledby="h-ident"><h2 id="h-ident">Identification</h2>${identification(m)}
<p><button type="button" data-post="${api}/reidentify" data-done="reload">Identify again</button></p></section>
<section aria-labelledby="h-edit"><h2 id="h-edit">Edit</h2>${overridesForm(m, api)}</section>
<section aria-labelledby="h-remove"><h2 id="h-remove">Remove</h2>
<p>Removes the model and its links into apps. A model imported in place keeps its file.</p>
<p><button type="button" class="danger" data-delete="${api}" data-name="${m.name}">Remove from library</button></p></section>`;
}

function fact(label: string, value: string | null | undefined): Html | "" {
  return value ? html`<dt>${label}</dt><dd>${value}</dd>` : "";
}

function provenance(m: ModelDetail): Html {
  const s = m.source ?? {};
  const repo = s.repo && /^[\w.-]+(\/[\w.-]+)?$/.test(s.repo) ? s.repo : null;
  return html`<dl class="facts">
${fact("Came by", s.kind === "download" ? "download" : s.kind === "adopt" ? "adopted from the library folder" : s.kind === "import" ? `import${s.mode ? ` (${s.mode})` : ""}` : s.kind)}
${repo ? html`<dt>Repository</dt><dd><a href="https://huggingface.co/${repo}" rel="noreferrer">${repo}</a></dd>` : fact("Repository", s.repo)}
${fact("Revision", s.revision)}
${fact("Commit", s.commit)}
${fact("File", s.file)}
${fact("Original path", s.path)}
</dl>`;
}

function identification(m: ModelDetail): Html {
  const id = m.identification;
  if (!id) return html`<p class="muted">No identification recorded.</p>`;
  const confidence = typeof id.confidence === "number" ? `${Math.round(id.confidence * 100)}%` : "unknown";
  return html`<p>Confidence: <strong>${confidence}</strong></p>
<ul class="evidence">${(id.evidence ?? []).map(
    (e) =>
      html`<li><span class="badge ${e.strength ?? ""}">${e.strength ?? ""}</span> ${e.source ? html`<code>${e.source}</code> ` : ""}${e.detail}</li>`,
  )}</ul>`;
}

function linkTable(links: LinkRow[] | null): Html {
  if (links === null) return html`<p class="muted">Link health is not available.</p>`;
  if (links.length === 0) return html`<p class="muted">Not linked into any app.</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th scope="col">App</th><th scope="col">Path</th><th scope="col">Kind</th><th scope="col">State</th></tr></thead>
<tbody>${links.map(
    (l) =>
      html`<tr><td>${l.app}</td><td class="path">${l.path}</td><td>${l.kind}</td><td><span class="state ${l.status}">${l.status}</span>${l.detail ? html` <span class="muted">${l.detail}</span>` : ""}</td></tr>`,
  )}</tbody></table></div>`;
}

const TEXT_FIELDS = [
  ["name", "Name"],
  ["subtype", "Subtype"],
  ["architecture", "Architecture"],
  ["base_model", "Base model"],
  ["quantization", "Quantization"],
] as const;
const COUNT_FIELDS = [
  ["parameter_count", "Parameters"],
  ["context_length", "Context length"],
] as const;

function overridesForm(m: ModelDetail, api: string): Html {
  const edited = m.overrides ?? {};
  const mark = (key: string) => (key in edited ? html` <span class="edited">(edited)</span>` : "");
  const value = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return html`<form id="overrides" class="stack" data-overrides="${api}/overrides">
<p class="muted">Your edits are kept apart from what was identified and survive re-identification. An empty field goes back to the identified value.</p>
<div class="fields">
${TEXT_FIELDS.map(
  ([key, label]) =>
    html`<div class="field"><label for="o-${key}">${label}${mark(key)}</label><input id="o-${key}" name="${key}" value="${value(m[key])}" data-initial="${value(m[key])}"></div>`,
)}
<div class="field"><label for="o-type">Type${mark("type")}</label><select id="o-type" name="type" data-initial="${m.type}">${MODEL_TYPES.map(
    (t) => html`<option${t === m.type ? html` selected` : ""}>${t}</option>`,
  )}</select></div>
${COUNT_FIELDS.map(
  ([key, label]) =>
    html`<div class="field"><label for="o-${key}">${label}${mark(key)}</label><input id="o-${key}" name="${key}" inputmode="numeric" pattern="[0-9]*" value="${value(m[key])}" data-initial="${value(m[key])}"></div>`,
)}
<div class="field"><label for="o-tags">Tags${mark("tags")} <span class="muted">(comma separated)</span></label><input id="o-tags" name="tags" value="${(m.tags ?? []).join(", ")}" data-initial="${(m.tags ?? []).join(", ")}"></div>
</div>
<div class="field"><label for="o-notes">Notes${mark("notes")}</label><textarea id="o-notes" name="notes" rows="3" data-initial="${m.notes ?? ""}">${m.notes ?? ""}</textarea></div>
<div class="actions"><button type="submit">Save edits</button>${Object.keys(edited).length ? html` <button type="button" data-reset-overrides>Undo all edits</button>` : ""}</div>
<p class="result" aria-live="polite" data-result></p>
</form>`;
}

// mlib web UI: enhances the server-rendered pages (live search, actions, live pull progress).
// Data from the API only ever reaches the page through textContent and attributes set by `el`;
// markup comes only from this server's own pages (parsed and swapped in by `swap`).

/** Builds an element; children are nodes or text (never parsed as markup). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) node.append(child);
  }
  return node;
}

function formatBytes(n) {
  if (!Number.isFinite(n)) return "";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(1)} ${units[unit]}`;
}

/** Calls the JSON API; resolves to the body, rejects with the API's own message. */
async function api(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text.slice(0, 200) };
  }
  if (!res.ok) throw new Error(data?.message ?? data?.error ?? `the server answered ${res.status}`);
  return data;
}

/** Shows the outcome of an action in `target` (replacing what was there). */
function show(target, ...nodes) {
  if (target) target.replaceChildren(...nodes);
}

function failure(error) {
  return el("p", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error));
}

/** Runs `fn` with `button` disabled and marked busy, so a double click does not act twice. */
async function busy(button, fn) {
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
  }
  try {
    return await fn();
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  }
}

/** One request in flight per page fetched: a newer search cancels the older one. */
const swapControllers = new Map();

/**
 * Fetches a page of this server and swaps in its `[data-swap]` elements by id: results tables,
 * facet options, the pull list. A select keeps its element (and focus), only its options change.
 */
async function swap(url) {
  const key = new URL(url, location.href).pathname;
  swapControllers.get(key)?.abort();
  const controller = new AbortController();
  swapControllers.set(key, controller);
  const res = await fetch(url, { signal: controller.signal, headers: { accept: "text/html" } });
  if (!res.ok) return;
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  for (const current of document.querySelectorAll("[data-swap][id]")) {
    const next = doc.getElementById(current.id);
    if (!next) continue;
    if (current instanceof HTMLSelectElement) {
      current.replaceChildren(...[...next.children].map((node) => document.importNode(node, true)));
      current.value = next.value;
    } else {
      current.replaceWith(document.importNode(next, true));
    }
  }
}

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * Runs `fn` at once when idle; calls made while it runs fold into one more run after it. A
 * steady stream of events then refreshes about once per round trip, never starves, never piles up.
 */
function coalesce(fn) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return running;
    }
    running = Promise.resolve()
      .then(fn)
      .catch(() => {})
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
    return running;
  };
  return run;
}

// Library: search as you type; filters apply on change. The URL follows, so reload and back work.
function liveSearch(form) {
  const run = debounce(() => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value !== "") params.set(key, String(value));
    const url = `${form.action.replace(/\?.*$/, "")}${params.size ? `?${params}` : ""}`;
    history.replaceState(null, "", url);
    swap(url).catch(() => {});
  }, 200);
  form.addEventListener("input", run);
  form.addEventListener("change", run);
  return coalesce(() => swap(location.href));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Verify runs as a job on the server: start it, then ask for its result until it has one.
function verify(button) {
  const target = document.getElementById("verify-result");
  show(target, el("p", {}, "Verifying…"));
  busy(button, async () => {
    try {
      let job = await api("POST", "/api/v1/verify", { ids: [button.dataset.verify] });
      while (job.state === "running") {
        await sleep(250);
        job = await api("GET", `/api/v1/jobs/${encodeURIComponent(job.id)}`);
      }
      if (job.state !== "done") throw new Error(job.error?.error ?? `verify ${job.state}`);
      const model = job.result?.models?.[0];
      const status = model?.status ?? "missing";
      const files = (model?.files ?? []).map((f) =>
        el(
          "li",
          {},
          el("span", { class: `state ${f.status}` }, f.status),
          " ",
          f.name,
          f.problem ? `: ${f.problem}` : "",
        ),
      );
      show(
        target,
        el(
          "p",
          { class: status === "ok" ? "ok" : "error", "data-verify-status": status },
          status === "ok" ? "All files match their hashes." : `Problem: ${model?.problem ?? status}`,
        ),
        el("ul", {}, files),
      );
    } catch (error) {
      show(target, failure(error));
    }
  });
}

function saveOverrides(form) {
  const patch = {};
  for (const field of form.querySelectorAll("[name]")) {
    const value = field.value.trim();
    if (value === (field.dataset.initial ?? "").trim()) continue;
    if (value === "") patch[field.name] = null;
    else if (field.name === "tags")
      patch.tags = value
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
    else if (field.inputMode === "numeric") patch[field.name] = Number(value);
    else patch[field.name] = value;
  }
  const result = form.querySelector("[data-result]");
  if (Object.keys(patch).length === 0) return show(result, "Nothing changed.");
  return busy(form.querySelector("button[type=submit]"), () =>
    api("PATCH", form.dataset.overrides, patch).then(
      () => location.reload(),
      (error) => show(result, failure(error)),
    ),
  );
}

/** An import request is in flight: progress events of imports feed the bar under the form. */
let importing = false;

// Imports are named by random operation ids; pulls by numbers and verify jobs by `verify-N`.
function onImportProgress(event) {
  const progress = document.getElementById("import-progress");
  if (
    !importing ||
    !progress ||
    event.type !== "file_progress" ||
    /^(\d+|verify-\d+)$/.test(String(event.id))
  )
    return;
  const bar = progress.querySelector("progress");
  bar.max = event.bytesTotal || 1;
  bar.value = event.bytesDone;
  progress.querySelector("[data-import-file]").textContent =
    `${event.file}: ${formatBytes(event.bytesDone)}${event.bytesTotal ? ` of ${formatBytes(event.bytesTotal)}` : ""}`;
  progress.hidden = false;
}

function importPaths(form) {
  const data = new FormData(form);
  const paths = String(data.get("paths") ?? "")
    .split("\n")
    .map((p) => p.trim())
    .filter(Boolean);
  const target = document.getElementById("import-result");
  show(
    target,
    el(
      "p",
      {},
      `Importing ${paths.length} path${paths.length === 1 ? "" : "s"}… (files are hashed as they come in)`,
    ),
  );
  importing = true;
  return busy(form.querySelector("button[type=submit]"), async () => {
    try {
      const result = await api("POST", form.dataset.import, { paths, mode: data.get("mode") });
      const imported = result?.imported ?? [];
      const skipped = result?.skipped ?? [];
      show(
        target,
        el("p", { "data-import-summary": "" }, `${imported.length} imported, ${skipped.length} skipped.`),
        imported.length
          ? el(
              "ul",
              { class: "imported" },
              imported.map((m) =>
                el(
                  "li",
                  {},
                  el("a", { href: `/models/${encodeURIComponent(m.id)}` }, m.id),
                  " ",
                  el("span", { class: "muted path" }, m.path),
                ),
              ),
            )
          : "",
        skipped.length
          ? el(
              "ul",
              { class: "skipped" },
              skipped.map((s) =>
                el(
                  "li",
                  {},
                  el("span", { class: "path" }, s.path),
                  `: ${s.reason}`,
                  s.existingId
                    ? [" ", el("a", { href: `/models/${encodeURIComponent(s.existingId)}` }, "see it")]
                    : "",
                ),
              ),
            )
          : "",
      );
    } catch (error) {
      show(target, failure(error));
    } finally {
      importing = false;
      const progress = document.getElementById("import-progress");
      if (progress) progress.hidden = true;
    }
  });
}

function startPull(form) {
  const data = new FormData(form);
  const quant = String(data.get("quant") ?? "");
  const spec = form.dataset.repo
    ? `${form.dataset.repo}${quant ? `:${quant}` : ""}`
    : String(data.get("spec") ?? "").trim();
  const result = form.querySelector("[data-result]");
  return busy(form.querySelector("button[type=submit]"), async () => {
    try {
      const pull = await api("POST", form.dataset.pull, { spec });
      show(result, `Queued${pull?.id !== undefined ? ` (#${pull.id})` : ""}.`);
      await refreshPulls();
    } catch (error) {
      show(result, failure(error));
    }
  });
}

function applyPlan(form) {
  const data = Object.fromEntries(new FormData(form));
  const target = document.getElementById("apply-result");
  show(target, el("p", {}, "Applying…"));
  const button = form.querySelector("button[type=submit]");
  let succeeded = false;
  return busy(button, async () => {
    try {
      const answer = await api("POST", form.dataset.apply, data);
      const applied = answer?.applied ?? answer;
      const results = applied?.results ?? [];
      const failed = applied?.failed ?? results.filter((r) => r.status === "failed").length;
      show(
        target,
        el(
          "p",
          { class: failed ? "error" : "ok", "data-apply-summary": "" },
          `Applied: ${applied?.created ?? 0} created, ${applied?.replaced ?? 0} replaced, ${applied?.removed ?? 0} removed, ${applied?.kept ?? 0} kept, ${failed} failed.`,
        ),
        el(
          "ul",
          {},
          results
            .filter((r) => r.status !== "done" || r.action !== "keep")
            .map((r) =>
              el(
                "li",
                {},
                el("span", { class: `state ${r.status}` }, r.status),
                ` ${r.action} `,
                el("span", { class: "path" }, r.path),
                r.detail ? ` (${r.detail})` : "",
              ),
            ),
        ),
      );
      succeeded = true;
      await swap(location.href).catch(() => {});
    } catch (error) {
      show(target, failure(error));
    }
  }).then(() => {
    // The plan shown is spent: a new one is a new "Show plan".
    if (succeeded) button.disabled = true;
  });
}

async function post(button) {
  const done = button.dataset.done;
  await busy(button, async () => {
    try {
      await api("POST", button.dataset.post);
      if (done === "reload") location.reload();
      else if (done === "pulls") await refreshPulls();
    } catch (error) {
      alertMessage(error);
    }
  });
}

async function remove(button) {
  if (!confirm(`Remove “${button.dataset.name}” from the library?`)) return;
  await busy(button, async () => {
    try {
      await api("DELETE", button.dataset.delete);
      location.assign("/");
    } catch (error) {
      alertMessage(error);
    }
  });
}

// PUT replaces the edits: an empty object removes them all.
async function resetOverrides(button) {
  const form = button.closest("form");
  await busy(button, () =>
    api("PUT", form.dataset.overrides, {}).then(
      () => location.reload(),
      (error) => show(form.querySelector("[data-result]"), failure(error)),
    ),
  );
}

function alertMessage(error) {
  show(document.getElementById("status"), failure(error));
}

// Pulls: byte counts come over server-sent events (`progress`); a pull that changes state
// (`download`: queued, running, paused, done ...) has its list redrawn by the server.
const pullFiles = new Map();

const refreshPulls = coalesce(() => (document.getElementById("pulls") ? swap("/pulls") : undefined));

function onProgress(event) {
  const row = document.querySelector(`tr[data-pull-id="${CSS.escape(String(event.id))}"]`);
  if (!row) return;
  if (event.type === "file_progress" || event.type === "file_started") {
    const files = pullFiles.get(event.id) ?? new Map();
    pullFiles.set(event.id, files);
    files.set(event.file, { done: event.bytesDone ?? 0, total: event.bytesTotal ?? event.size ?? 0 });
    let done = 0;
    let total = 0;
    for (const f of files.values()) {
      done += f.done;
      total += f.total;
    }
    const bar = row.querySelector("progress");
    const max = Math.max(total, Number(bar?.max) || 0, done);
    if (bar && max > 0) {
      bar.max = max;
      bar.value = Math.max(done, Number(bar.value) || 0);
      bar.textContent = `${Math.round((100 * bar.value) / max)}%`;
    }
    const bytes = row.querySelector("[data-pull-bytes]");
    if (bytes) bytes.textContent = `${formatBytes(done)}${max ? ` of ${formatBytes(max)}` : ""}`;
    const state = row.querySelector("[data-pull-state]");
    if (state && state.textContent !== "running") {
      state.textContent = "running";
      state.className = "state running";
    }
  }
}

function listen(onLibrary) {
  if (!("EventSource" in window)) return;
  const source = new EventSource("/api/v1/events");
  source.addEventListener("progress", (e) => {
    try {
      const event = JSON.parse(e.data);
      onProgress(event);
      onImportProgress(event);
    } catch {}
  });
  // A pull changed state (queued, running, paused, done ...): its row is redrawn by the server.
  source.addEventListener("download", () => refreshPulls());
  if (onLibrary) {
    source.addEventListener("library", onLibrary);
    source.addEventListener("reset", onLibrary);
  }
  addEventListener("pagehide", () => source.close());
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const handler = form.dataset.overrides
    ? saveOverrides
    : form.dataset.import
      ? importPaths
      : form.dataset.pull
        ? startPull
        : form.dataset.apply
          ? applyPlan
          : null;
  if (!handler) return;
  event.preventDefault();
  handler(form);
});

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button") : null;
  if (!button) return;
  if (button.dataset.verify) verify(button);
  else if (button.dataset.post) post(button);
  else if (button.dataset.delete) remove(button);
  else if (button.dataset.resetOverrides !== undefined) resetOverrides(button);
});

const searchForm = document.querySelector("form[data-live-search]");
const refreshResults = searchForm ? liveSearch(searchForm) : null;
if (searchForm || document.querySelector("[data-live-pulls], #import-progress")) listen(refreshResults);

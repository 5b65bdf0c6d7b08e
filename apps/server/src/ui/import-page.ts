import type { FastifyInstance } from "fastify";
import { html } from "./html.js";
import { layout } from "./layout.js";
import { sendPage } from "./send-page.js";
import type { UiContext } from "./ui-context.js";

const MODES = [
  ["copy", "Copy", "the library gets its own copy; the original stays"],
  ["move", "Move", "the file moves into the library"],
  ["hardlink", "Hard link", "same bytes, no copy; same file system only"],
  ["in-place", "In place", "the file stays where it is; the library only records it"],
] as const;

/** `/import`: paths on the server's disk and a mode; the results come back on the page. */
export function registerImportPage(app: FastifyInstance, ui: UiContext): void {
  app.get("/import", async (_request, reply) => {
    const body = html`<h1>Import</h1>
<p>Model files or folders on this machine: files are identified from their bytes, hashed and added to the library. A file already in the library is not added twice.</p>
<form id="import" class="stack" data-import="/api/v1/import">
<div class="field"><label for="paths">Paths <span class="muted">(one per line: files, shard sets or folders)</span></label>
<textarea id="paths" name="paths" rows="4" required spellcheck="false" placeholder="/home/me/Downloads/model-Q4_K_M.gguf"></textarea></div>
<fieldset><legend>Mode</legend>
${MODES.map(
  ([value, label, hint], i) =>
    html`<div class="choice"><input type="radio" id="mode-${value}" name="mode" value="${value}"${i === 0 ? html` checked` : ""}><label for="mode-${value}">${label} <span class="muted">— ${hint}</span></label></div>`,
)}
</fieldset>
<div class="actions"><button type="submit">Import</button></div>
<div id="import-progress" hidden><progress max="1" value="0" aria-label="Import progress"></progress> <span class="bytes" data-import-file></span></div>
<noscript><p class="warning">Importing needs JavaScript, or use <code>mlib import PATH</code>.</p></noscript>
</form>
<section aria-labelledby="h-import-result"><h2 id="h-import-result">Result</h2>
<div id="import-result" class="result" aria-live="polite"><p class="muted">Nothing imported yet.</p></div></section>`;
    return sendPage(reply, layout({ title: "Import", section: "import", body, ui }));
  });
}

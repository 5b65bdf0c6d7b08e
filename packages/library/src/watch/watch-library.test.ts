import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { indexSnapshot, llmGguf, tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";
import { sampleMetadata } from "../test-utils/sample-metadata.js";
import { type TranspiledLibrary, transpileLibrary } from "../test-utils/transpile-library.js";
import { type LibraryEvent, type LibraryWatcher, type WatchBatch, watchLibrary } from "./watch-library.js";

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let library: ModelLibrary;
let watcher: LibraryWatcher | undefined;
let events: LibraryEvent[];
let batches: WatchBatch[];
let warnings: string[];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir("mlib-watch-"));
  root = join(dir, "library");
  library = await ModelLibrary.open(root, { create: true });
  events = [];
  batches = [];
  warnings = [];
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await library.close();
  await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function importModel(name: string): Promise<{ id: string; folder: string }> {
  const { imported } = await library.import(await writeLlmGguf(join(dir, "src", `${name}.gguf`), { name }));
  return { id: imported[0]?.id as string, folder: imported[0]?.folder as string };
}

async function startWatching(options: { stabilityMs?: number; batchMs?: number } = {}): Promise<void> {
  watcher = await watchLibrary(library, {
    stabilityMs: 300,
    batchMs: 300,
    ...options,
    onEvent: (event) => events.push(event),
    onBatch: (batch) => batches.push(batch),
    onWarning: (line) => warnings.push(line),
    onError: (error) => warnings.push(`error: ${error.message}`),
  });
}

/** Waits (10 s at most) until `count` events have come. */
async function eventCount(count: number): Promise<LibraryEvent[]> {
  for (const end = Date.now() + 10_000; events.length < count && Date.now() < end; ) await sleep(20);
  return events;
}

async function editMetadata(folder: string, patch: Record<string, unknown>): Promise<void> {
  const file = join(folder, "metadata.json");
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), ...patch }));
}

describe("watchLibrary", () => {
  it("re-indexes a metadata.json and an overrides.json edited by hand", async () => {
    const alpha = await importModel("Alpha-Q4_K_M");
    const beta = await importModel("Beta-Q4_K_M");
    await startWatching();
    await editMetadata(alpha.folder, { name: "Edited By Hand" });
    await writeFile(join(beta.folder, "overrides.json"), JSON.stringify({ tags: ["by-hand"] }));

    expect(await eventCount(2)).toEqual(
      expect.arrayContaining([
        { kind: "updated", id: alpha.id, path: alpha.folder },
        { kind: "updated", id: beta.id, path: beta.folder },
      ]),
    );
    expect(library.search({ query: "edited by hand" }).items.map((m) => m.id)).toEqual([alpha.id]);
    expect(library.list({ tag: "by-hand" }).items.map((m) => m.id)).toEqual([beta.id]);
  });

  it("removes a model folder deleted by hand and keeps the id of one moved within the tree", async () => {
    const alpha = await importModel("Alpha-Q4_K_M");
    const beta = await importModel("Beta-Q4_K_M");
    await startWatching();
    await rm(alpha.folder, { recursive: true });
    const moved = join(root, "llm", "mine", "Beta");
    await mkdir(join(root, "llm", "mine"));
    await rename(beta.folder, moved);

    expect(await eventCount(2)).toEqual(
      expect.arrayContaining([
        { kind: "removed", id: alpha.id, path: alpha.folder },
        { kind: "moved", id: beta.id, path: moved, from: beta.folder },
      ]),
    );
    expect(library.list().items.map((m) => [m.id, m.path])).toEqual([[beta.id, relative(root, moved)]]);
    expect((await library.get(beta.id)).folder).toBe(moved);
  });

  it("adds a model folder copied in by hand, whose payload is newer than its metadata.json", async () => {
    const other = await ModelLibrary.open(join(dir, "other"), { create: true });
    const { imported } = await other.import(await writeLlmGguf(join(dir, "src", "Gamma-Q4_K_M.gguf")));
    const source = await other.get(imported[0]?.id as string);
    await other.close();
    await startWatching();
    const copy = join(root, "llm", "copied", "Gamma");
    await mkdir(copy, { recursive: true });
    await writeFile(join(copy, "metadata.json"), await readFile(join(source.folder, "metadata.json")));
    await sleep(50);
    const payload = join(copy, source.files[0]?.name as string);
    await writeFile(payload, await readFile(source.files[0]?.path as string));

    expect(await eventCount(1)).toEqual([{ kind: "added", id: source.id, path: copy }]);
    await sleep(700);
    expect(events).toHaveLength(1);
    expect((await library.get(source.id)).files[0]?.path).toBe(payload);
  });

  it("reports a payload file changed by hand as modified, and leaves hashing to verify", async () => {
    const alpha = await importModel("Alpha-Q4_K_M");
    await startWatching();
    const before = indexSnapshot(library);
    const payload = (await library.get(alpha.id)).files[0]?.path as string;
    await appendFile(payload, "tampered");

    const [event] = await eventCount(1);
    expect(event).toEqual({
      kind: "modified",
      id: alpha.id,
      path: payload,
      reason: expect.stringMatching(/bytes/),
    });
    expect(indexSnapshot(library)).toEqual(before);
    expect((await library.verify([alpha.id])).corrupt).toBe(1);
  });

  it("adopts a model file dropped into the tree once it has stopped growing, and nothing else", async () => {
    await startWatching();
    const bytes = llmGguf({ name: "Dropped", dataBytes: 256 * 1024 });
    const dropped = join(root, "inbox", "Dropped-Q4_K_M.gguf");
    await mkdir(join(root, "inbox"));
    await writeFile(join(root, "inbox", "notes.txt"), "not a model");
    // Written in pieces with pauses shorter than stabilityMs: it must not be taken half-written.
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
      await appendFile(dropped, bytes.subarray(offset, offset + 64 * 1024));
      await sleep(120);
    }

    const [event] = await eventCount(1);
    expect(event).toMatchObject({ kind: "adopted" });
    const model = await library.get(event?.id as string);
    expect(event?.path).toBe(model.folder);
    expect(model.source.kind).toBe("adopt");
    expect(model.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    await sleep(1000); // the adoption's own writes settle: they must not come back as events
    expect(events).toHaveLength(1);
    expect(library.list().total).toBe(1);
    expect(await readFile(join(root, "inbox", "notes.txt"), "utf8")).toBe("not a model");
  });

  it("does not echo the library's own imports, edits and removals", async () => {
    const alpha = await importModel("Alpha-Q4_K_M");
    await startWatching();
    const beta = await importModel("Beta-Q4_K_M");
    await library.setOverrides(beta.id, { tags: ["own"] });
    await library.reidentify(beta.id);
    await library.remove(alpha.id);
    await library.import(await writeLlmGguf(join(dir, "src", "Gamma-Q4_K_M.gguf")), { mode: "move" });
    await sleep(1000);
    // The watcher saw those writes (batches went by) and found nothing to report.
    expect(batches.length).toBeGreaterThan(0);
    // A change by hand afterwards is the one event.
    await editMetadata(beta.folder, { notes: "by hand" });
    expect(await eventCount(1)).toEqual([{ kind: "updated", id: beta.id, path: beta.folder }]);
    await sleep(500);
    expect(events).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it("coalesces 1,000 metadata.json edits into a few batches, one refresh each", async () => {
    const folders: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const hex = i.toString(16).padStart(8, "0");
      const folder = join(root, "llm", "bulk", `m${i}`);
      await mkdir(folder, { recursive: true });
      const metadata = sampleMetadata({
        id: `bulk-${hex}`,
        name: `Bulk ${i}`,
        sha256: hex.padStart(64, "0"),
      });
      await writeFile(join(folder, "metadata.json"), JSON.stringify(metadata));
      folders.push(folder);
    }
    expect((await library.reindex()).count).toBe(1000);
    await startWatching({ batchMs: 1000 });

    await Promise.all(folders.map((folder) => editMetadata(folder, { tags: ["bulk-edited"] })));
    expect(await eventCount(1000)).toHaveLength(1000);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(["updated"]));
    expect(library.list({ tag: "bulk-edited", limit: 0 }).total).toBe(1000);
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThanOrEqual(10);
  });
});

describe("close", () => {
  let transpiled: TranspiledLibrary;
  beforeAll(async () => {
    transpiled = await transpileLibrary();
  });
  afterAll(() => transpiled?.cleanup());

  it("leaves no open handle: a process that watches, sees an event and closes exits by itself", async () => {
    const { id, folder } = await importModel("Alpha-Q4_K_M");
    await library.close();
    const script = `
      const [libraryUrl, watchUrl, root, folder] = process.argv.slice(1);
      const { ModelLibrary } = await import(libraryUrl);
      const { watchLibrary } = await import(watchUrl);
      const { readFile, writeFile } = await import("node:fs/promises");
      const library = await ModelLibrary.open(root);
      let seen;
      const event = new Promise((resolve) => (seen = resolve));
      const watcher = await watchLibrary(library, { stabilityMs: 200, batchMs: 200, onEvent: seen });
      const file = folder + "/metadata.json";
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), name: "Child" }));
      console.log(JSON.stringify(await event));
      await watcher.close();
      await library.close();
    `;
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        script,
        transpiled.moduleUrl("store/model-library.js"),
        transpiled.moduleUrl("watch/watch-library.js"),
        root,
        folder,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    clearTimeout(timer);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(JSON.parse(output)).toEqual({ kind: "updated", id, path: folder });
    library = await ModelLibrary.open(root);
  });
});

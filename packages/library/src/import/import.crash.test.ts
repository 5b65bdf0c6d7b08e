// The acceptance crash test: a child process importing (copy and move) is killed with SIGKILL
// at random moments; after each kill, opening the library must leave every model whole or
// absent, every source file where it was (or, for a move, in a complete model), nothing in
// .mlib/tmp or the journal, and an index equal to a fresh rebuild.
//
// The child runs this package's current sources, transpiled to a temp folder (see
// transpile-library.ts): Node 20 cannot run TypeScript and dist/ may be stale.

import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { pathExists } from "../store/path-exists.js";
import { startKillableChild } from "../test-utils/killable-child.js";
import { indexSnapshot, llmGguf, tempDir } from "../test-utils/library-fixtures.js";
import { type TranspiledLibrary, transpileLibrary } from "../test-utils/transpile-library.js";

const ITERATIONS = Number(process.env.MLIB_CRASH_ITERATIONS ?? 100);
const FILE_BYTES = 8 * 1024 * 1024;
const SEED = Number(process.env.MLIB_CRASH_SEED ?? Date.now() % 2 ** 31);
const childScript = join(dirname(fileURLToPath(import.meta.url)), "..", "test-utils", "import-child.mjs");

let transpiled: TranspiledLibrary;
let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  transpiled = await transpileLibrary();
  work = await tempDir("mlib-crash-");
});
afterAll(async () => {
  await transpiled?.cleanup();
  await work?.cleanup();
});

/** mulberry32: reproducible kill moments for a given MLIB_CRASH_SEED. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Source {
  path: string;
  sha256: string;
}

async function makeSources(folder: string, n: number): Promise<Source[]> {
  await mkdir(folder, { recursive: true });
  const sources: Source[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = llmGguf({ name: `Crash ${i}`, dataBytes: FILE_BYTES });
    const path = join(folder, `Crash-${i}-Q4_K_M.gguf`);
    await writeFile(path, bytes);
    sources.push({ path, sha256: createHash("sha256").update(bytes).digest("hex") });
  }
  return sources;
}

interface Importer {
  run(root: string, mode: string, sources: Source[], killAfterMs?: number): Promise<number | undefined>;
}

/** An import child (see startKillableChild): the job is the library root, mode and source paths. */
function startImporter(): Importer {
  const child = startKillableChild(
    childScript,
    transpiled.moduleUrl("store/model-library.js"),
    "imported ",
    "import",
  );
  return {
    run: (root, mode, sources, killAfterMs) =>
      child.run({ root, mode, sources: sources.map((s) => s.path) }, killAfterMs),
  };
}

const sha256Of = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

it(`every kill leaves whole models or none, and no lost source (${ITERATIONS} kills, seed ${SEED})`, async () => {
  const next = random(SEED);
  // How long an import takes here, so the kills spread over all of it.
  const durations: number[] = [];
  for (const mode of ["copy", "move"]) {
    const folder = join(work.dir, `calibrate-${mode}`);
    const sources = await makeSources(join(folder, "src"), 2);
    durations.push((await startImporter().run(join(folder, "library"), mode, sources)) ?? 0);
    await rm(folder, { recursive: true, force: true });
  }
  const windowMs = Math.max(...durations) * 1.1;

  const outcome = { killedMidImport: 0, recovered: 0, models: [0, 0, 0] };
  let importer = startImporter();
  for (let i = 0; i < ITERATIONS; i++) {
    const mode = i % 2 === 0 ? "copy" : "move";
    const folder = join(work.dir, `run-${i}`);
    const root = join(folder, "library");
    const sources = await makeSources(join(folder, "src"), 2);
    const killAfterMs = next() * windowMs;
    if ((await importer.run(root, mode, sources, killAfterMs)) === undefined) outcome.killedMidImport++;
    if (i + 1 < ITERATIONS) importer = startImporter();
    const context = `kill ${i} (${mode}, ${killAfterMs.toFixed(1)} ms after go, seed ${SEED})`;

    const library = await ModelLibrary.open(root);
    try {
      const { recovery } = library.openReport;
      if (recovery.removed.length + recovery.restored.length + recovery.completed.length > 0)
        outcome.recovered++;
      expect(await readdir(join(root, ".mlib", "tmp")), context).toEqual([]);
      expect(await readdir(join(root, ".mlib", "journal")), context).toEqual([]);

      // Whole or absent: every file of every model has the size and sha256 its metadata says
      // (sha256 in-process: verify() would start a BLAKE3 worker per file, too slow for 100 rounds).
      for (const { id } of library.list().items) {
        for (const file of (await library.get(id)).files) {
          const bytes = await readFile(file.path);
          expect(
            { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
            context,
          ).toEqual({
            size: file.size,
            sha256: file.sha256,
          });
        }
      }
      const inLibrary = new Set(library.list().items.map((m) => m.sha256));
      expect(inLibrary.size, context).toBe(library.list().total);
      for (const sha of inLibrary)
        expect(
          sources.map((s) => s.sha256),
          context,
        ).toContain(sha);
      outcome.models[inLibrary.size] = (outcome.models[inLibrary.size] ?? 0) + 1;

      // No source lost: a copy's source is untouched; a move's is back, or its model is complete.
      for (const source of sources) {
        const present = await pathExists(source.path);
        if (present) expect(await sha256Of(source.path), context).toBe(source.sha256);
        if (mode === "copy") expect(present, context).toBe(true);
        else expect(present !== inLibrary.has(source.sha256), `${context}: ${source.path}`).toBe(true);
      }

      // The index is exactly what a rebuild from the metadata files gives.
      const snapshot = indexSnapshot(library);
      await library.reindex();
      expect(indexSnapshot(library), context).toEqual(snapshot);
    } finally {
      await library.close();
    }
    await rm(folder, { recursive: true, force: true });
  }
  console.log(
    `crash test: ${ITERATIONS} kills over ${windowMs.toFixed(0)} ms imports: ${outcome.killedMidImport} before the ` +
      `import returned, ${outcome.recovered} left work for recovery; libraries left with 0/1/2 models: ${outcome.models.join("/")}`,
  );
  // The kills must have hit imports in flight, or this test proves nothing.
  expect(outcome.recovered).toBeGreaterThan(0);
}, 600_000);

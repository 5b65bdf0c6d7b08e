// The acceptance crash test of merge: a child process merging a source library (models of a
// few MiB, some already in the destination, one whose id is taken there, one with links into an
// app) is killed with SIGKILL at random moments. After each kill, opening the destination and
// then the source must leave every model whole in one library or the other (never both, never
// neither, never half), nothing in either's .mlib/tmp or journal, each link record in one
// registry, and both indexes equal to a fresh rebuild. Every other run keeps the source on
// another file system, so both the hard-link and the copy-and-verify paths are cut.
//
// The child runs this package's current sources, transpiled to a temp folder (see
// transpile-library.ts): Node 20 cannot run TypeScript and dist/ may be stale.

import { createHash } from "node:crypto";
import { cp, link, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LinkRecord, openJsonLinkRegistry } from "@ml/mapper";
import { afterAll, beforeAll, expect, it } from "vitest";
import { METADATA_FILE } from "../store/metadata-schema.js";
import { ModelLibrary } from "../store/model-library.js";
import { startKillableChild } from "../test-utils/killable-child.js";
import { indexSnapshot, tempDir } from "../test-utils/library-fixtures.js";
import { type TranspiledLibrary, transpileLibrary } from "../test-utils/transpile-library.js";
import { type FixtureModel, libraryWith, modelBytes } from "./test-utils/merge-fixtures.js";

const ITERATIONS = Number(process.env.MLIB_CRASH_ITERATIONS ?? 30);
const MODEL_BYTES = 3 * 1024 * 1024;
const SEED = Number(process.env.MLIB_CRASH_SEED ?? Date.now() % 2 ** 31);
const childScript = join(dirname(fileURLToPath(import.meta.url)), "test-utils", "merge-child.mjs");

let transpiled: TranspiledLibrary;
let work: { dir: string; cleanup: () => Promise<void> };
/** A folder on another file system than `work` (tmpfs), or null when there is none. */
let elsewhere: string | null = null;
beforeAll(async () => {
  transpiled = await transpileLibrary();
  work = await tempDir("mlib-merge-crash-");
  const shm = await mkdtemp("/dev/shm/mlib-merge-crash-").catch(() => null);
  if (shm && (await stat(shm)).dev !== (await stat(work.dir)).dev) elsewhere = shm;
  else if (shm) await rm(shm, { recursive: true, force: true });
});
afterAll(async () => {
  await transpiled?.cleanup();
  await work?.cleanup();
  if (elsewhere) await rm(elsewhere, { recursive: true, force: true });
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

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Template {
  source: string;
  dest: string;
  /** sha256 of every source model; those also in the destination are duplicates. */
  sourceModels: string[];
  duplicates: Set<string>;
  /** The model whose file the app links to, by its path relative to the source root. */
  linked: { id: string; relativeFile: string };
}

/**
 * Source: 6 models (2 also in the destination, 1 whose id the destination uses for another
 * model). Built once; each run copies it.
 */
async function makeTemplate(dir: string): Promise<Template> {
  const scratch = join(dir, "downloads");
  await mkdir(scratch, { recursive: true });
  const bytes = (name: string) => modelBytes(name, MODEL_BYTES);
  const [dup1, dup2, taken] = [bytes("Dup One"), bytes("Dup Two"), bytes("Taken")];
  const dest = await libraryWith(
    join(dir, "dest"),
    [
      ["Dup-One-Q4_K_M.gguf", dup1],
      ["Dup-Two-Q4_K_M.gguf", dup2],
      ["Taken-Q4_K_M.gguf", taken],
    ],
    scratch,
  );
  await dest.library.close();
  const source = await libraryWith(
    join(dir, "source"),
    [
      ["Alpha-Q4_K_M.gguf", bytes("Alpha")],
      ["Beta-Q4_K_M.gguf", bytes("Beta")],
      ["Gamma-Q4_K_M.gguf", bytes("Gamma")],
      ["Dup-One-Q4_K_M.gguf", dup1],
      ["Dup-Two-Q4_K_M.gguf", dup2],
      ["Clash-Q4_K_M.gguf", bytes("Clash")],
    ],
    scratch,
  );
  await source.library.setOverrides(source.models[3]?.id as string, { tags: ["from-source"] });
  // The clash: this source model claims the id of the destination's "Taken".
  const clash = source.models[5] as FixtureModel;
  const metadataFile = join(clash.folder, METADATA_FILE);
  const metadata = JSON.parse(await readFile(metadataFile, "utf8"));
  await writeFile(metadataFile, JSON.stringify({ ...metadata, id: dest.models[2]?.id }));
  await source.library.reindex();
  await source.library.close();
  await rm(scratch, { recursive: true, force: true });
  const alpha = source.models[0] as FixtureModel;
  return {
    source: join(dir, "source"),
    dest: join(dir, "dest"),
    sourceModels: source.models.map((m) => m.sha256),
    duplicates: new Set([dup1, dup2].map(sha256)),
    linked: {
      id: alpha.id,
      relativeFile: join(alpha.folder.slice(join(dir, "source").length + 1), "Alpha-Q4_K_M.gguf"),
    },
  };
}

interface Run {
  source: string;
  dest: string;
  linkIds: string[];
  cleanup(): Promise<void>;
}

/** A fresh copy of the template, with a hard link and a symlink from an app folder to one model. */
async function makeRun(template: Template, name: string, crossDevice: boolean): Promise<Run> {
  const destBase = join(work.dir, name);
  const sourceBase = crossDevice && elsewhere ? join(elsewhere, name) : destBase;
  const source = join(sourceBase, "source");
  const dest = join(destBase, "dest");
  await cp(template.source, source, { recursive: true });
  await cp(template.dest, dest, { recursive: true });
  const app = join(sourceBase, "app");
  await mkdir(app);
  const file = join(source, template.linked.relativeFile);
  const info = await stat(file);
  await link(file, join(app, "hard.gguf"));
  await symlink(file, join(app, "soft.gguf"));
  const base = {
    app: "llamacpp",
    target: app,
    modelId: template.linked.id,
    sourcePath: file,
    file: "Alpha-Q4_K_M.gguf",
    size: info.size,
    createdAt: new Date().toISOString(),
  };
  const records: LinkRecord[] = [
    {
      ...base,
      id: `${name}-hard`,
      path: join(app, "hard.gguf"),
      kind: "hardlink",
      sourceIno: info.ino,
      sourceDev: info.dev,
    },
    { ...base, id: `${name}-soft`, path: join(app, "soft.gguf"), kind: "symlink" },
  ];
  const registry = await openJsonLinkRegistry(join(source, ".mlib", "links.json"));
  for (const record of records) await registry.add(record);
  return {
    source,
    dest,
    linkIds: records.map((r) => r.id),
    cleanup: async () => {
      await rm(destBase, { recursive: true, force: true });
      await rm(sourceBase, { recursive: true, force: true });
    },
  };
}

interface Merger {
  run(dest: string, source: string, killAfterMs?: number): Promise<number | undefined>;
}

/** A merge child (see startKillableChild): the job is the destination and source roots. */
function startMerger(): Merger {
  const child = startKillableChild(
    childScript,
    transpiled.moduleUrl("store/model-library.js"),
    "merged ",
    "merge",
  );
  return { run: (dest, source, killAfterMs) => child.run({ destination: dest, source }, killAfterMs) };
}

/** Every file of every model matches its metadata; returns the libraries' models by primary sha256. */
async function checkModels(library: ModelLibrary, context: string): Promise<Map<string, string>> {
  const bySha = new Map<string, string>();
  for (const { id } of library.list({ limit: 1000 }).items) {
    const record = await library.get(id);
    for (const file of record.files) {
      const bytes = await readFile(file.path);
      expect({ size: bytes.length, sha256: sha256(bytes) }, `${context}: ${file.path}`).toEqual({
        size: file.size,
        sha256: file.sha256,
      });
    }
    bySha.set(record.sha256, id);
  }
  return bySha;
}

/** Files under `root` (outside .mlib) that are in no model folder: halves of a model. */
async function strayFiles(root: string): Promise<string[]> {
  const stray: string[] = [];
  const walk = async (dir: string, inModel: boolean) => {
    const entries = await readdir(dir, { withFileTypes: true });
    const isModel = inModel || entries.some((e) => e.name === METADATA_FILE);
    for (const entry of entries) {
      if (entry.name === ".mlib") continue;
      if (entry.isDirectory()) await walk(join(dir, entry.name), isModel);
      else if (!isModel) stray.push(join(dir, entry.name));
    }
  };
  await walk(root, false);
  return stray;
}

async function expectFreshIndex(library: ModelLibrary, context: string): Promise<void> {
  const snapshot = indexSnapshot(library);
  await library.reindex();
  expect(indexSnapshot(library), context).toEqual(snapshot);
}

it(`every kill leaves each model whole in one library (${ITERATIONS} kills, seed ${SEED})`, async () => {
  const next = random(SEED);
  const template = await makeTemplate(join(work.dir, "template"));

  // How long a whole merge takes here (the slower, cross-device one), so kills spread over all of it.
  const calibration = await makeRun(template, "calibrate", true);
  const windowMs = ((await startMerger().run(calibration.dest, calibration.source)) ?? 0) * 1.1;
  const done = await ModelLibrary.open(calibration.dest);
  expect(done.list().total).toBe(3 + 4); // 3 there, 3 moved, 1 conflict under a new id
  await done.close();
  await calibration.cleanup();

  /** gone[n]: runs after which n of the source's models had left it. */
  const outcome = { killedMidMerge: 0, recovered: 0, gone: template.sourceModels.map(() => 0).concat(0) };
  let merger = startMerger();
  for (let i = 0; i < ITERATIONS; i++) {
    const crossDevice = i % 2 === 1 && elsewhere !== null;
    const run = await makeRun(template, `run-${i}`, crossDevice);
    const killAfterMs = next() * windowMs;
    if ((await merger.run(run.dest, run.source, killAfterMs)) === undefined) outcome.killedMidMerge++;
    if (i + 1 < ITERATIONS) merger = startMerger();
    const context = `kill ${i} (${crossDevice ? "cross-device" : "same device"}, ${killAfterMs.toFixed(1)} ms after go, seed ${SEED})`;

    const dest = await ModelLibrary.open(run.dest);
    const source = await ModelLibrary.open(run.source);
    try {
      const { recovery } = dest.openReport;
      if (recovery.completed.length + recovery.removed.length > 0 || dest.openReport.reindexed)
        outcome.recovered++;
      // Carried symlinks still point at the old place until `links repair`: said, not a problem.
      expect(
        recovery.warnings.filter((w) => !w.includes("mlib links repair")),
        context,
      ).toEqual([]);
      for (const root of [run.dest, run.source]) {
        expect(await readdir(join(root, ".mlib", "tmp")), `${context}: ${root}`).toEqual([]);
        expect(await readdir(join(root, ".mlib", "journal")), `${context}: ${root}`).toEqual([]);
        expect(await strayFiles(root), `${context}: ${root}`).toEqual([]);
      }
      const here = await checkModels(dest, context);
      const there = await checkModels(source, context);
      for (const sha of template.sourceModels) {
        // Duplicates were here from the start; every other model is in exactly one library.
        if (template.duplicates.has(sha)) expect(here.has(sha), context).toBe(true);
        else expect([here.has(sha), there.has(sha)], `${context}: ${sha}`).toSatisfy(([a, b]) => a !== b);
      }
      const gone = template.sourceModels.filter((sha) => !there.has(sha)).length;
      outcome.gone[gone] = (outcome.gone[gone] ?? 0) + 1;

      // Each link record is in the registry of the library that has its model.
      const [inDest, inSource] = await Promise.all(
        [run.dest, run.source].map(async (root) =>
          (await (await openJsonLinkRegistry(join(root, ".mlib", "links.json"))).list()).filter((r) =>
            run.linkIds.includes(r.id),
          ),
        ),
      );
      expect([...(inDest ?? []), ...(inSource ?? [])].map((r) => r.id).sort(), context).toEqual(
        [...run.linkIds].sort(),
      );
      for (const record of inDest ?? [])
        expect(
          dest.list({ limit: 1000 }).items.map((m) => m.id),
          context,
        ).toContain(record.modelId);
      for (const record of inSource ?? [])
        expect(
          source.list({ limit: 1000 }).items.map((m) => m.id),
          context,
        ).toContain(record.modelId);

      await expectFreshIndex(dest, `${context}: destination`);
      await expectFreshIndex(source, `${context}: source`);
    } finally {
      await dest.close();
      await source.close();
    }
    await run.cleanup();
  }
  console.log(
    `merge crash test: ${ITERATIONS} kills over ${windowMs.toFixed(0)} ms merges: ${outcome.killedMidMerge} before the ` +
      `merge returned, ${outcome.recovered} left work for recovery; runs by models gone from the source (0..6): ${outcome.gone.join("/")}`,
  );
  // The kills must have hit merges in flight, or this test proves nothing.
  expect(outcome.recovered).toBeGreaterThan(0);
}, 300_000);

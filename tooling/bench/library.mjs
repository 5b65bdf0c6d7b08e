#!/usr/bin/env node
// `pnpm bench library`: @ml/library's two speed goals.
//  1. Rebuilding the index from 10,000 metadata.json files (goal < 3 s; BENCH_LIBRARY_MODELS).
//  2. A copy-mode import of a 2 GiB random file (BENCH_LIBRARY_MIB) next to `cp` of the same file
//     (goal <= 1.2 x). The import leaves its copy on disk (fsync) and hashed (SHA-256 + BLAKE3), so
//     it is compared with `cp` followed by `sync FILE`; plain `cp` (copy still in the page cache) is
//     printed too. Best of 3 interleaved rounds, each started with the page cache holding the
//     source and no dirty pages left from the previous round.
import { spawnSync } from "node:child_process";
import { randomBytes, randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, open, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelLibrary } from "@ml/library";

const MiB = 1024 * 1024;
const MODELS = Number(process.env.BENCH_LIBRARY_MODELS ?? 10_000);
const SIZE = Number(process.env.BENCH_LIBRARY_MIB ?? 2048) * MiB;
const RUNS = 3;
const GOAL_REINDEX_SECONDS = 3;
const GOAL_IMPORT_RATIO = 1.2;

const dir = mkdtempSync(join(tmpdir(), "mlib-bench-library-"));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

const hex = () => randomBytes(32).toString("hex");
const FAMILIES = ["llama", "qwen2", "mistral", "gemma2", "phi3", "sdxl", "flux", "t5", "clip", "bert"];

/** `count` model folders with a valid metadata.json each (no payload: reindex reads metadata only). */
async function writeMetadataTree(root, count) {
  const now = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const family = FAMILIES[i % FAMILIES.length];
    const name = `${family}-model-${i}`;
    const folder = join(root, "llm", family, `${name}-Q4_K_M`);
    const sha256 = hex();
    const size = 1e9 + i;
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, "metadata.json"),
      JSON.stringify({
        schema_version: 1,
        id: `${name}-q4_k_m-${sha256.slice(0, 8)}`,
        name,
        official_name: `${family} model ${i}`,
        type: "llm",
        subtype: null,
        family,
        architecture: family,
        base_model: null,
        format: "gguf",
        quantization: "Q4_K_M",
        parameter_count: 7e9,
        context_length: 8192,
        files: [{ name: `${name}-Q4_K_M.gguf`, size, sha256, blake3: hex() }],
        sha256,
        blake3: hex(),
        fast_hash: `fh1:${hex()}`,
        size,
        shards: null,
        source: { kind: "import", path: `/models/${name}.gguf`, mode: "copy" },
        added_at: now,
        updated_at: now,
        tags: ["bench", family],
        notes: "",
        identification: {
          confidence: 0.95,
          evidence: [
            { source: "gguf:general.architecture", detail: `architecture ${family}`, strength: "strong" },
          ],
        },
        unsafe: null,
      }),
    );
  }
}

async function writeRandomFile(file) {
  const handle = await open(file, "w");
  const block = Buffer.allocUnsafe(64 * MiB);
  try {
    for (let done = 0; done < SIZE; done += block.length) {
      const n = Math.min(block.length, SIZE - done);
      randomFillSync(block, 0, n);
      await handle.write(block, 0, n);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
}

/** Seconds `fn` takes. */
async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** Flushes every dirty page and reads `file` through, so each contender starts alike. */
function settle(file) {
  run("sync", []);
  run("cat", [file]);
}

try {
  // 1. Reindex.
  const indexRoot = join(dir, "index-library");
  console.log(`writing ${MODELS} metadata.json files ...`);
  await writeMetadataTree(indexRoot, MODELS);
  const indexLibrary = await ModelLibrary.open(indexRoot, { create: true });
  let reindexSeconds = Number.POSITIVE_INFINITY;
  let count = 0;
  for (let round = 0; round < RUNS; round++) {
    const seconds = await timed(async () => {
      const result = await indexLibrary.reindex();
      count = result.count;
      if (result.warnings.length > 0) throw new Error(`reindex warned: ${result.warnings[0]}`);
    });
    reindexSeconds = Math.min(reindexSeconds, seconds);
  }
  await indexLibrary.close();
  rmSync(indexRoot, { recursive: true, force: true });
  console.log(
    `reindex of ${count} models: ${reindexSeconds.toFixed(2)} s (best of ${RUNS}; goal < ${GOAL_REINDEX_SECONDS} s: ${
      reindexSeconds < GOAL_REINDEX_SECONDS ? "goal met" : "GOAL NOT MET"
    })`,
  );

  // 2. Import versus cp.
  const source = join(dir, "model.bin");
  const dest = join(dir, "cp-copy.bin");
  console.log(`\nwriting ${SIZE / MiB} MiB of random bytes ...`);
  await writeRandomFile(source);
  const library = await ModelLibrary.open(join(dir, "import-library"), { create: true });
  const best = { cp: Infinity, cpSync: Infinity, importCopy: Infinity };
  for (let round = 1; round <= RUNS; round++) {
    settle(source);
    const cpSeconds = await timed(() => run("cp", [source, dest]));
    const syncSeconds = await timed(() => run("sync", [dest]));
    best.cp = Math.min(best.cp, cpSeconds);
    best.cpSync = Math.min(best.cpSync, cpSeconds + syncSeconds);
    rmSync(dest);

    settle(source);
    let id;
    const importSeconds = await timed(async () => {
      const result = await library.import(source, { mode: "copy" });
      id = result.imported[0]?.id;
      if (!id) throw new Error(`import skipped: ${JSON.stringify(result.skipped)}`);
    });
    best.importCopy = Math.min(best.importCopy, importSeconds);
    await library.remove(id);
    console.log(
      `  round ${round}: cp ${cpSeconds.toFixed(2)} s (+ sync ${syncSeconds.toFixed(2)} s), import ${importSeconds.toFixed(2)} s`,
    );
  }
  await library.close();

  const mbps = (seconds) => (SIZE / 1e6 / seconds).toFixed(0);
  console.log(`\nwhat                                     seconds     MB/s`);
  console.log(
    `cp + sync FILE                           ${best.cpSync.toFixed(2).padStart(7)}  ${mbps(best.cpSync).padStart(7)}`,
  );
  console.log(
    `cp (copy left in the page cache)         ${best.cp.toFixed(2).padStart(7)}  ${mbps(best.cp).padStart(7)}`,
  );
  console.log(
    `mlib import --mode copy (hash + fsync)   ${best.importCopy.toFixed(2).padStart(7)}  ${mbps(best.importCopy).padStart(7)}`,
  );
  const ratio = best.importCopy / best.cpSync;
  console.log(
    `\nimport / (cp + sync): ${ratio.toFixed(2)}  (goal <= ${GOAL_IMPORT_RATIO}: ${
      ratio <= GOAL_IMPORT_RATIO ? "goal met" : "GOAL NOT MET"
    })`,
  );
  console.log(`import / cp:          ${(best.importCopy / best.cp).toFixed(2)}`);
} finally {
  cleanup();
}

// 3. Search over 100,000 indexed models (p50, p99; goal p99 < 5 ms): the index benchmark, in the
// same `pnpm bench library` run.
console.log("\n## search over 100,000 indexed models (tooling/bench/library-index.mjs)");
const search = spawnSync(process.execPath, [new URL("./library-index.mjs", import.meta.url).pathname], {
  stdio: "inherit",
});
if (search.status !== 0) process.exitCode = 1;

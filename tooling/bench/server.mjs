#!/usr/bin/env node
// `pnpm bench server`: the mlib server's search API under load. A library of 10,000 synthetic
// models (metadata.json files, indexed by opening the library) is served on loopback by a child
// process; autocannon (in this process) hits `GET /api/v1/models?q=...` with rotating queries
// (facets included, as the web UI asks) for 10 s, after the same run against a trivial Fastify
// route in the same child, for reference. Goals on this 2-core machine: >= 5,000 req/s and
// p99 < 50 ms. Repeated searches are answered from the server's cache (dropped whenever the
// library changes); a run where no request repeats shows the cost without it. BENCH_SERVER_MODELS, BENCH_SERVER_SECONDS, BENCH_SERVER_CONNECTIONS change the run.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const MODELS = Number(process.env.BENCH_SERVER_MODELS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_SERVER_CONNECTIONS ?? 10);
const GOAL_RPS = 5000;
const GOAL_P99_MS = 50;

const FAMILIES = [
  ["llama", "Llama-3.1", "llm"],
  ["qwen2", "Qwen2.5", "llm"],
  ["qwen2", "Qwen2.5-Coder", "llm"],
  ["mistral", "Mistral-Nemo", "llm"],
  ["gemma2", "gemma-2", "llm"],
  ["phi3", "Phi-3.5-mini", "llm"],
  ["llava", "LLaVA-1.6", "vlm"],
  ["bert", "bge-small", "embedding"],
  ["sdxl", "stable-diffusion-xl", "diffusion"],
  ["flux", "FLUX.1-dev", "diffusion"],
  ["sdxl", "Pony-Diffusion", "lora"],
  ["t5", "t5-xxl", "text-encoder"],
];
const QUANTS = ["Q4_K_M", "Q5_K_M", "Q8_0", "Q6_K", "IQ4_XS", "F16"];
const SIZES = ["1B", "3B", "7B", "8B", "14B", "32B", "70B"];
const FINETUNES = ["Hermes", "Dolphin", "Nous", "Instruct", "Chat", "Abliterated", "Magnum", ""];
const TAGS = ["chat", "code", "vision", "roleplay", "math", "reasoning", "anime", "photoreal", "fast"];

async function writeLibrary(root) {
  const hex = () => randomBytes(32).toString("hex");
  const now = new Date().toISOString();
  const writes = [];
  for (let i = 0; i < MODELS; i++) {
    const [arch, family, type] = FAMILIES[i % FAMILIES.length];
    const gguf = type === "llm" || type === "vlm" || type === "embedding";
    const quant = gguf ? QUANTS[(i * 7) % QUANTS.length] : null;
    const parts = [
      family,
      FINETUNES[(i * 3) % FINETUNES.length],
      gguf ? SIZES[(i * 5) % SIZES.length] : "",
      String(i),
    ];
    const name = parts.filter(Boolean).join("-");
    const folder = join(root, type, arch, `${name}${quant ? `-${quant}` : ""}`);
    const sha256 = hex();
    const size = 1e8 + i * 1e6;
    const file = `${name}${quant ? `-${quant}` : ""}.${gguf ? "gguf" : "safetensors"}`;
    const metadata = {
      schema_version: 1,
      id: `${name.toLowerCase()}-${sha256.slice(0, 8)}`,
      name,
      official_name: null,
      type,
      subtype: null,
      family: arch,
      architecture: arch,
      base_model: null,
      format: gguf ? "gguf" : "safetensors",
      quantization: quant,
      parameter_count: null,
      context_length: gguf ? 8192 : null,
      files: [{ name: file, size, sha256, blake3: hex() }],
      sha256,
      blake3: hex(),
      fast_hash: `fh1:${hex()}`,
      size,
      shards: null,
      source: { kind: "import", path: `/models/${file}`, mode: "copy" },
      added_at: now,
      updated_at: now,
      tags: [TAGS[i % TAGS.length], TAGS[(i * 5) % TAGS.length]],
      notes: "",
      identification: { confidence: 0.9, evidence: [] },
      unsafe: null,
    };
    writes.push(
      mkdir(folder, { recursive: true }).then(() =>
        writeFile(join(folder, "metadata.json"), JSON.stringify(metadata)),
      ),
    );
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

/** The child: opens (and so indexes) the library, serves it, and a trivial route for reference. */
async function child(root) {
  const { startServer } = await import("@ml/server");
  const { default: Fastify } = await import("fastify");
  const t0 = performance.now();
  // No watcher: chokidar on 10,000 model folders would spend inotify watches and setup time on
  // nothing this benchmark measures. No UI: only the API is measured.
  const server = await startServer({ root, port: 0, watch: false, ui: false });
  const openMs = performance.now() - t0;
  const reference = Fastify();
  reference.get("/ping", async () => ({ ok: true }));
  const referenceUrl = await reference.listen({ host: "127.0.0.1", port: 0 });
  process.send?.({ url: server.url, referenceUrl, openMs });
  process.on("message", async () => {
    await reference.close();
    await server.close();
    process.exit(0);
  });
}

function queryPaths() {
  const words = [
    ...new Set(FAMILIES.map((f) => f[1])),
    ...FINETUNES.filter(Boolean),
    ...QUANTS,
    ...TAGS,
    "llama 8B",
    "qwen coder",
    "hermes 70B",
    "diffusion xl",
    "nothing-matches-this",
  ];
  const paths = [];
  for (const [i, word] of words.entries()) {
    const q = encodeURIComponent(word);
    paths.push(`/api/v1/models?q=${q}`);
    paths.push(`/api/v1/models?q=${q}&type=${FAMILIES[i % FAMILIES.length][2]}&limit=20`);
  }
  paths.push(
    "/api/v1/models",
    "/api/v1/models?type=llm&quantization=Q4_K_M",
    "/api/v1/models?sort=size&order=asc",
  );
  return paths;
}

async function measure(autocannon, label, url, paths, duration = SECONDS) {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  const rps = result.requests.average;
  const p99 = result.latency.p99;
  const errors = result.errors + result.non2xx;
  console.log(
    `${label.padEnd(34)} ${Math.round(rps).toString().padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${p99} ms   (${result.requests.total} requests${errors ? `, ${errors} errors/non-2xx` : ""})`,
  );
  return { rps, p99, errors };
}

async function main() {
  const { default: autocannon } = await import("autocannon");
  const dir = mkdtempSync(join(tmpdir(), "mlib-bench-server-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  const root = join(dir, "library");
  try {
    let t0 = performance.now();
    await writeLibrary(root);
    const writeMs = performance.now() - t0;
    t0 = performance.now();
    const server = fork(fileURLToPath(import.meta.url), ["--child", root], { stdio: "inherit" });
    const ready = await new Promise((resolve, reject) => {
      server.once("message", resolve);
      server.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
    });
    console.log(
      `setup: ${MODELS} metadata.json written in ${(writeMs / 1000).toFixed(1)} s; library opened and indexed in ${(ready.openMs / 1000).toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s with the process start)`,
    );
    const paths = queryPaths();
    const check = await fetch(`${ready.url}${paths[0]}`).then((r) => r.json());
    console.log(
      `sample: ${paths[0]} -> total ${check.total}, ${check.items.length} items, facets for ${Object.keys(check.facets).join("/")}`,
    );
    console.log(
      `autocannon: ${CONNECTIONS} connections, ${SECONDS} s each, server in its own process on 127.0.0.1`,
    );
    const ref = await measure(autocannon, "reference: trivial Fastify route", ready.referenceUrl, ["/ping"]);
    await measure(autocannon, "warm-up (search, 2 s)", ready.url, paths, 2);
    const search = await measure(autocannon, `search (${paths.length} rotating queries)`, ready.url, paths);
    // Every request a page never asked before: no cached answer, so each one runs the index search
    // and the serialization (facet counts, which ignore paging, still come from their cache).
    const uncached = paths.flatMap((path) =>
      Array.from({ length: 400 }, (_, page) => `${path}${path.includes("?") ? "&" : "?"}offset=${page + 1}`),
    );
    await measure(autocannon, "search, never the same page twice", ready.url, uncached);
    console.log(
      `search vs reference: ${((search.rps / ref.rps) * 100).toFixed(0)}% of the trivial route's req/s; goals >= ${GOAL_RPS} req/s: ${search.rps >= GOAL_RPS ? "met" : "NOT met"}, p99 < ${GOAL_P99_MS} ms: ${search.p99 < GOAL_P99_MS ? "met" : "NOT met"}`,
    );
    server.send("stop");
    await new Promise((resolve) => server.once("exit", resolve));
    if (search.errors > 0) process.exitCode = 1;
  } finally {
    cleanup();
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]);
else await main();

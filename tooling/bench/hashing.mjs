#!/usr/bin/env node
// `pnpm bench hashing`: throughput of @ml/hashing's one-pass SHA-256 + BLAKE3 against node:crypto
// SHA-256 alone and the installed command-line tools, on one page-cached random file (2 GiB by
// default; BENCH_HASHING_MIB=256 for a quick run). Best of 3 runs each; MB = 10^6 bytes.
import { spawnSync } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blake3Engine, hashFile } from "@ml/hashing";

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_HASHING_MIB ?? 2048) * MiB;
const RUNS = 3;
const GOAL = 0.9;

const dir = mkdtempSync(join(tmpdir(), "mlib-bench-hashing-"));
const file = join(dir, "random.bin");
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

/** Writes `SIZE` random bytes (64 MiB at a time, so memory stays small). */
async function writeRandomFile() {
  const handle = await open(file, "w");
  const block = Buffer.allocUnsafe(64 * MiB);
  try {
    for (let done = 0; done < SIZE; done += block.length) {
      const n = Math.min(block.length, SIZE - done);
      randomFillSync(block, 0, n);
      await handle.write(block, 0, n);
    }
    // Flush now, so background writeback does not steal CPU from the first measurements.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads the file through once so every contender starts from the page cache. */
async function readThrough(onChunk) {
  const handle = await open(file, "r");
  const buffer = Buffer.allocUnsafe(MiB);
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      onChunk?.(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function installed(tool) {
  const probe = tool === "openssl" ? ["version"] : ["--version"];
  return spawnSync(tool, probe, { stdio: "ignore" }).status === 0;
}

/** Runs a command on the file; returns its first output field (the digest). */
function command(tool, args) {
  return () => {
    const result = spawnSync(tool, [...args, file], { encoding: "utf8", maxBuffer: MiB });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
    const out = result.stdout.trim();
    // openssl prints "SHA2-256(path)= hex"; the others "hex  path".
    return out.includes("= ") ? out.slice(out.lastIndexOf("= ") + 2) : out.split(/\s+/)[0];
  };
}

/** Seconds of one run, and what it returned. */
async function timed(run) {
  const start = performance.now();
  const digest = await run();
  return { seconds: (performance.now() - start) / 1000, digest };
}

try {
  console.log(
    `file: ${file} (${SIZE / MiB} MiB, random), best of ${RUNS} interleaved runs each, MB = 10^6 bytes`,
  );
  await writeRandomFile();
  await readThrough();

  const engine = blake3Engine();
  const contenders = [
    [`mlib hashFile: sha256 + blake3 (${engine})`, async () => hashFile(file), "dual"],
    ...(engine === "native"
      ? [
          [
            "mlib hashFile: sha256 + blake3 (wasm fallback)",
            async () => hashFile(file, { blake3: "wasm" }),
            "dual",
          ],
        ]
      : []),
    [
      "node:crypto sha256 alone (1 MiB reads)",
      async () => {
        const hash = createHash("sha256");
        await readThrough((chunk) => hash.update(chunk));
        return hash.digest("hex");
      },
      "sha256",
    ],
  ];
  for (const [tool, args, label, kind] of [
    ["sha256sum", [], "sha256sum", "sha256"],
    ["openssl", ["dgst", "-sha256"], "openssl dgst -sha256", "sha256"],
    ["b3sum", [], "b3sum (all threads)", "blake3"],
    ["b3sum", ["--num-threads", "1"], "b3sum --num-threads 1", "blake3"],
  ]) {
    if (installed(tool)) contenders.push([label, command(tool, args), kind]);
    else console.log(`(${tool} not installed: skipped)`);
  }

  // Rounds interleave the contenders, so a slow spell on this shared machine hits them all alike.
  const rows = contenders.map(([label, , kind]) => ({ label, kind, seconds: Number.POSITIVE_INFINITY }));
  for (let round = 1; round <= RUNS; round++) {
    for (const [i, [, run]] of contenders.entries()) {
      const row = rows[i];
      const { seconds, digest } = await timed(run);
      row.seconds = Math.min(row.seconds, seconds);
      row.mbPerSecond = SIZE / 1e6 / row.seconds;
      row.digest = digest;
    }
    console.log(`  round ${round} of ${RUNS} done`);
  }

  // Every tool must agree on the digests, or the speeds mean nothing.
  const dual = rows.filter((r) => r.kind === "dual").map((r) => r.digest);
  const sha256s = new Set([
    ...dual.map((d) => d.sha256),
    ...rows.filter((r) => r.kind === "sha256").map((r) => r.digest),
  ]);
  const blake3s = new Set([
    ...dual.map((d) => d.blake3),
    ...rows.filter((r) => r.kind === "blake3").map((r) => r.digest),
  ]);

  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`\n${"what".padEnd(width)}  ${"MB/s".padStart(7)}  ${"seconds".padStart(7)}`);
  console.log(`${"-".repeat(width)}  -------  -------`);
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(width)}  ${r.mbPerSecond.toFixed(0).padStart(7)}  ${r.seconds.toFixed(3).padStart(7)}`,
    );
  }

  const ours = rows[0];
  const ratio = (label) => {
    const other = rows.find((r) => r.label === label);
    return other ? ours.mbPerSecond / other.mbPerSecond : undefined;
  };
  const vsOpenssl = ratio("openssl dgst -sha256");
  const vsSha256sum = ratio("sha256sum");
  console.log("");
  if (vsOpenssl !== undefined) {
    const verdict = vsOpenssl >= GOAL ? "goal met" : "GOAL NOT MET";
    console.log(`ours / openssl dgst -sha256: ${vsOpenssl.toFixed(2)}  (goal >= ${GOAL}: ${verdict})`);
  }
  if (vsSha256sum !== undefined) console.log(`ours / sha256sum:            ${vsSha256sum.toFixed(2)}`);
  console.log(
    `sha256 ${sha256s.size === 1 ? "agrees" : "DISAGREES"} across tools: ${[...sha256s].join(", ")}`,
  );
  console.log(
    `blake3 ${blake3s.size === 1 ? "agrees" : "DISAGREES"} across tools: ${[...blake3s].join(", ")}`,
  );
  if (sha256s.size !== 1 || blake3s.size !== 1) process.exitCode = 1;
} finally {
  cleanup();
}

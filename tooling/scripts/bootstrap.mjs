#!/usr/bin/env node
// `npm start` / `npm test` on a machine that has only Node >= 20 and npm: install pnpm if it
// is missing, install the workspace, build, then run the job. Plain Node, no dependencies,
// because nothing is installed yet when it runs.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PNPM_VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split(
  "@",
)[1];
const env = { ...process.env };
const job = process.argv[2] ?? "setup";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}
function must(cmd, args, what) {
  const code = run(cmd, args);
  if (code !== 0) {
    console.error(
      `mlib setup: ${what} failed (exit ${code}). Fix the error above and run the command again.`,
    );
    process.exit(code);
  }
}
function pnpmWorks() {
  const r = spawnSync("pnpm", ["--version"], { env, encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() === PNPM_VERSION;
}

// pnpm: the one on PATH if it is the pinned version, else a private copy under .cache/.
const localBin = join(root, ".cache", "pnpm", "node_modules", ".bin");
env.PATH = `${localBin}${delimiter}${env.PATH ?? ""}`;
if (!pnpmWorks()) {
  console.error(`mlib setup: installing pnpm ${PNPM_VERSION} into .cache/pnpm`);
  must(
    "npm",
    [
      "install",
      "--prefix",
      join(root, ".cache", "pnpm"),
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `pnpm@${PNPM_VERSION}`,
    ],
    "installing pnpm",
  );
}

// better-sqlite3 builds from source when its prebuilt binary cannot be downloaded; node-gyp
// then needs Node's headers, which sit under the prefix of the running node.
if (!env.npm_config_nodedir) {
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, "include", "node", "node.h"))) env.npm_config_nodedir = prefix;
}

const frozen = existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
must("pnpm", ["install", "--prefer-offline", ...frozen], "pnpm install");
must("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], "build");

if (job === "start") {
  process.exit(
    // The main job: the server and web UI on the default library (MLIB_HOME, else XDG), printing its URL.
    run("node", [join(root, "apps", "cli", "dist", "bin.js"), "serve", ...process.argv.slice(3)]),
  );
}

if (job === "test") {
  const dirs = ["packages", "apps", "tooling"].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(root, group, d)) : [],
  );
  const withTests = dirs.filter((d) => {
    if (!existsSync(join(d, "package.json"))) return false;
    return Boolean(JSON.parse(readFileSync(join(d, "package.json"), "utf8")).scripts?.test);
  });
  for (const d of withTests) rmSync(join(d, "test-results"), { recursive: true, force: true });
  const code = run("pnpm", [
    "exec",
    "turbo",
    "run",
    "typecheck",
    "lint",
    "test",
    "--continue",
    "--concurrency=1",
    ...process.argv.slice(3),
  ]);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const d of withTests) {
    const report = join(d, "test-results", "vitest.json");
    const name = JSON.parse(readFileSync(join(d, "package.json"), "utf8")).name;
    if (!existsSync(report)) {
      console.error(
        `mlib test: ${name} wrote no test report (its run crashed or found no tests): counted as 1 failed`,
      );
      failed += 1;
      continue;
    }
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    // A suite that failed to load reports no failed test; count it so the run cannot look green.
    failed += (r.testResults ?? []).filter(
      (s) => s.status === "failed" && s.assertionResults.length === 0,
    ).length;
  }
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed > 0 ? 1 : 0);
}

import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { purgeCorrupt, scanCache, verifyCache } from "@ml/integrity";
import { resolveLibraryRoot } from "@ml/library";
import { checkDiskSpace, formatBytes } from "@ml/progress";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { byteBar } from "../progress-bar.js";
import { cacheDirOf } from "./cache-dir.js";

type Status = "ok" | "warn" | "fail";
interface Check {
  name: string;
  status: Status;
  message: string;
  /** What to do about a warn or fail. */
  hint?: string;
}

const LOW_SPACE = 10 * 1024 ** 3;

/**
 * `mlib doctor`: is this machine ready for a library, and is the Hugging Face cache sound?
 * Exit 1 when a check fails (corrupt cache files left in place, library folder not writable).
 */
export async function doctorCommand(
  ctx: Context,
  opts: { cacheDir?: string; deep?: boolean; repair?: boolean },
): Promise<number> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split(".")[0]);
  checks.push(
    major >= 20
      ? { name: "node", status: "ok", message: `Node ${process.versions.node}` }
      : {
          name: "node",
          status: "fail",
          message: `Node ${process.versions.node} is too old`,
          hint: "install Node 20 or newer",
        },
  );

  const root = resolveLibraryRoot(ctx.library, ctx.env);
  // The preflight walks up to the nearest existing folder: where the library would be created.
  const space = await checkDiskSpace(root, 0, { cushionBytes: 0 });
  const existing = space.skipped ? root : space.folder;
  const rootExists = existing === root;
  const writable = await access(existing, constants.W_OK).then(
    () => true,
    () => false,
  );
  checks.push(
    !writable
      ? {
          name: "library",
          status: "fail",
          message: `${existing} is not writable`,
          hint: "choose another folder with --library or MLIB_HOME",
        }
      : {
          name: "library",
          status: "ok",
          message: `library at ${root}${rootExists ? "" : " (created on first import)"}`,
        },
  );
  if (!space.skipped) {
    checks.push(
      space.freeBytes < LOW_SPACE
        ? {
            name: "disk",
            status: "warn",
            message: `${formatBytes(space.freeBytes)} free in ${space.folder}`,
            hint: "model files need 5-40 GiB each: free some space",
          }
        : { name: "disk", status: "ok", message: `${formatBytes(space.freeBytes)} free in ${space.folder}` },
    );
  }

  const cacheDir = cacheDirOf(ctx, opts);
  const cache = await checkCache(ctx, cacheDir, opts, checks);

  const failed = checks.some((c) => c.status === "fail");
  if (ctx.json) ctx.result({ ok: !failed, checks, library: { path: root, exists: rootExists }, cache });
  else {
    const mark = {
      ok: ctx.paint("green", "ok  "),
      warn: ctx.paint("yellow", "warn"),
      fail: ctx.paint("red", "FAIL"),
    };
    for (const c of checks) {
      ctx.out(`${mark[c.status]}  ${c.name.padEnd(8)} ${c.message}`);
      if (c.hint && c.status !== "ok") ctx.out(`      ${" ".repeat(8)} ${ctx.paint("dim", `→ ${c.hint}`)}`);
    }
  }
  return failed ? EXIT.problems : EXIT.ok;
}

async function checkCache(
  ctx: Context,
  cacheDir: string,
  opts: { deep?: boolean; repair?: boolean },
  checks: Check[],
) {
  const exists = await stat(cacheDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) {
    checks.push({ name: "hf-cache", status: "ok", message: `no Hugging Face cache at ${cacheDir}` });
    return { path: cacheDir, exists: false };
  }
  const scan = await scanCache(cacheDir);
  checks.push({
    name: "hf-cache",
    status: "ok",
    message: `${scan.repos.length} repos, ${formatBytes(scan.sizeOnDisk)} in ${cacheDir}`,
  });
  for (const w of scan.warnings) checks.push({ name: "hf-cache", status: "warn", message: w });
  const incomplete = scan.repos.flatMap((r) => r.incomplete);
  if (incomplete.length) {
    const bytes = incomplete.reduce((s, f) => s + f.size, 0);
    checks.push({
      name: "hf-cache",
      status: "warn",
      message: `${incomplete.length} unfinished download(s), ${formatBytes(bytes)}`,
      hint: "run the download again to finish it",
    });
  }

  const bar = byteBar(ctx, opts.deep ? scan.sizeOnDisk : 0, "verifying");
  let report: Awaited<ReturnType<typeof verifyCache>>;
  try {
    report = await verifyCache(cacheDir, {
      deep: Boolean(opts.deep),
      signal: ctx.signal,
      onProgress: (p) => bar.update(p.bytesDone),
    });
  } finally {
    bar.stop();
  }
  const summary = {
    path: cacheDir,
    exists: true,
    repos: scan.repos.length,
    sizeOnDisk: scan.sizeOnDisk,
    verified: report.verified,
    unverifiable: report.unverifiable,
    corrupt: report.corrupt,
  };
  if (report.corrupt === 0) {
    checks.push({
      name: "integrity",
      status: "ok",
      message:
        `${report.verified} files ${opts.deep ? "verified by hash" : "pass cheap checks"}` +
        (report.unverifiable ? `, ${report.unverifiable} unverifiable` : ""),
    });
    return summary;
  }
  const bad = report.files.filter((f) => f.status === "corrupt");
  if (!opts.repair) {
    checks.push({
      name: "integrity",
      status: "fail",
      message: `${bad.length} corrupt file(s): ${bad
        .slice(0, 3)
        .map((f) => `${f.repoId}/${f.path}`)
        .join(", ")}${bad.length > 3 ? ", ..." : ""}`,
      hint: "run `mlib doctor --repair` (or `mlib cache purge`) to remove them, then download them again",
    });
    return summary;
  }
  const purged = await purgeCorrupt(cacheDir, { report });
  checks.push({
    name: "integrity",
    status: "warn",
    message: `removed ${purged.count} corrupt file(s)`,
    hint: "download them again with your usual tool",
  });
  return { ...summary, repaired: purged };
}

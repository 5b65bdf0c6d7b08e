import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { fastHash, hashFile } from "@ml/hashing";
import { formatBytes } from "@ml/progress";
import { CliError, describeError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { byteBar } from "../progress-bar.js";

export interface HashRow {
  path: string;
  size: number;
  sha256: string;
  blake3: string;
  fastHash: string;
}

/** `mlib hash FILE...`: SHA-256 and BLAKE3 in one read pass, plus the sampled fast hash. */
export async function hashCommand(ctx: Context, files: string[]): Promise<number> {
  const { signal } = ctx;
  const targets: { path: string; size: number }[] = [];
  let failures = 0;
  for (const file of files) {
    const path = resolve(file);
    try {
      const st = await stat(path);
      if (!st.isFile()) throw new CliError(`${file}: not a regular file`);
      targets.push({ path, size: st.size });
    } catch (err) {
      failures++;
      const { message } = describeError(err);
      ctx.err(`mlib hash: ${message.startsWith(file) ? message : `${file}: ${message}`}`);
    }
  }
  const total = targets.reduce((sum, t) => sum + t.size, 0);
  const bar = byteBar(ctx, total, "hashing");
  const rows: HashRow[] = [];
  let before = 0;
  try {
    for (const t of targets) {
      try {
        const digests = await hashFile(t.path, {
          signal,
          onProgress: (done) => bar.update(before + done, basename(t.path)),
        });
        rows.push({
          path: t.path,
          size: digests.size,
          sha256: digests.sha256,
          blake3: digests.blake3,
          fastHash: await fastHash(t.path),
        });
      } catch (err) {
        if (signal.aborted) throw err;
        failures++;
        ctx.err(`mlib hash: ${describeError(err).message}`);
      }
      before += t.size;
    }
  } finally {
    bar.stop();
  }
  if (ctx.json) ctx.result(rows);
  else {
    for (const r of rows) {
      ctx.out(`${ctx.paint("bold", r.path)}  ${formatBytes(r.size)}`);
      ctx.out(`  sha256  ${r.sha256}`);
      ctx.out(`  blake3  ${r.blake3}`);
      ctx.out(`  fast    ${r.fastHash}`);
    }
  }
  return failures > 0 ? EXIT.usage : EXIT.ok;
}

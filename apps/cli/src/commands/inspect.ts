import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type Identification, identifyPath } from "@ml/library";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";

/** `mlib inspect PATH`: what a file, a shard set or a folder is, read from its bytes. */
export async function inspectCommand(ctx: Context, path: string, opts: { all?: boolean }): Promise<number> {
  const target = resolve(path);
  await stat(target).catch(() => {
    throw new CliError(`${path}: no such file or folder`, { code: "NOT_FOUND" });
  });
  const id = await identifyPath(target);
  if (ctx.json) {
    ctx.result(toJson(id, Boolean(opts.all)));
    return EXIT.ok;
  }
  const row = (label: string, value: unknown) => {
    if (value !== null && value !== undefined) ctx.out(`${label.padEnd(14)}${value}`);
  };
  row("format", id.format);
  row("type", id.subtype ? `${id.type} (${id.subtype})` : id.type);
  row("architecture", id.architecture);
  row("base model", id.baseModel);
  row("quantization", id.quantization);
  row("parameters", id.parameterCount === null ? null : formatCount(id.parameterCount));
  row("context", id.contextLength);
  if (id.shards) {
    const have = id.shards.files.length;
    row(
      "shards",
      id.shards.complete
        ? `${id.shards.total} files, complete`
        : ctx.paint(
            "red",
            `incomplete: have ${have}/${id.shards.total}, missing ${id.shards.missing.join(", ")}`,
          ),
    );
  }
  if (id.unsafe)
    row("unsafe", ctx.paint("yellow", `${id.unsafe}: loading it can run code; mlib never unpickles it`));
  row("confidence", id.confidence.toFixed(2));
  ctx.out("evidence");
  for (const e of id.evidence) ctx.out(`  ${ctx.paint("dim", `[${e.strength}]`)} ${e.source}: ${e.detail}`);
  if (opts.all) {
    ctx.out("fields");
    for (const [k, v] of Object.entries(id.fields)) ctx.out(`  ${k} = ${JSON.stringify(v)}`);
  }
  return EXIT.ok;
}

/** DESIGN §4 keys (and `unsafe`); every field read only with --all. */
function toJson(id: Identification, all: boolean) {
  const { fields, ...keys } = id;
  return all ? { ...keys, fields } : keys;
}

/** 8030261312 → "8.03B": the way model cards write parameter counts. */
function formatCount(n: number): string {
  for (const [unit, size] of [
    ["T", 1e12],
    ["B", 1e9],
    ["M", 1e6],
    ["K", 1e3],
  ] as const) {
    if (n >= size)
      return `${(n / size).toFixed(2).replace(/\.?0+$/, "")}${unit} (${n.toLocaleString("en-US")})`;
  }
  return String(n);
}

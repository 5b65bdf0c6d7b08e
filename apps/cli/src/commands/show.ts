import { formatBytes } from "@ml/progress";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

/** `mlib show ID`: one model (metadata with the user's overrides applied), by id or unique prefix. */
export async function showCommand(ctx: Context, id: string): Promise<number> {
  const record = await withLibrary(ctx, {}, (library) => library.get(id));
  if (ctx.json) {
    ctx.result(record);
    return EXIT.ok;
  }
  const row = (label: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== "") ctx.out(`${label.padEnd(14)}${value}`);
  };
  row("id", ctx.paint("bold", record.id));
  row("name", record.name);
  row("type", record.subtype ? `${record.type} (${record.subtype})` : record.type);
  row("format", record.format);
  row("architecture", record.architecture);
  row("base model", record.base_model);
  row("quantization", record.quantization);
  row("parameters", record.parameter_count?.toLocaleString("en-US"));
  row("context", record.context_length);
  row("folder", record.folder);
  row("source", [record.source.kind, record.source.repo, record.source.path].filter(Boolean).join(" "));
  row("tags", record.tags.join(", "));
  row("notes", record.notes);
  for (const f of record.files) {
    ctx.out(`file          ${f.path}  ${formatBytes(f.size)}`);
    ctx.out(`  sha256      ${f.sha256}`);
    ctx.out(`  blake3      ${f.blake3}`);
  }
  return EXIT.ok;
}

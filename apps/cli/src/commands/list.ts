import type { IndexedModel, SearchQuery } from "@ml/library";
import { formatBytes } from "@ml/progress";
import { CliError, EXIT } from "../cli-error.js";
import type { Context } from "../context.js";
import { withLibrary } from "../open-library.js";

export interface ListFlags {
  type?: string[];
  format?: string[];
  quant?: string[];
  arch?: string[];
  tag?: string[];
  limit?: string;
  offset?: string;
  sort?: string;
}

const SORTS = ["relevance", "name", "size", "date"] as const;

/** `mlib list` and `mlib search QUERY`: `{total, items}` from the index, filters in SQL. */
export async function listCommand(
  ctx: Context,
  query: string | undefined,
  flags: ListFlags,
): Promise<number> {
  const q: SearchQuery = {
    query,
    type: flags.type,
    format: flags.format,
    quantization: flags.quant,
    architecture: flags.arch,
    tag: flags.tag,
    limit: wholeNumber("--limit", flags.limit, 50),
    offset: wholeNumber("--offset", flags.offset, 0),
  };
  if (flags.sort) {
    if (!SORTS.includes(flags.sort as (typeof SORTS)[number]))
      throw new CliError(`--sort ${flags.sort}: use one of ${SORTS.join(", ")}`);
    q.sort = flags.sort as SearchQuery["sort"];
  }
  const result = await withLibrary(ctx, {}, async (library) => library.search(q));
  if (ctx.json) {
    ctx.result(result);
    return EXIT.ok;
  }
  if (result.total === 0) {
    ctx.out(
      query ? `Nothing matches "${query}".` : "The library is empty: add models with `mlib import PATH`.",
    );
    return EXIT.ok;
  }
  for (const m of result.items) ctx.out(row(m));
  if (result.total > result.items.length) {
    ctx.out(ctx.paint("dim", `${result.items.length} of ${result.total} shown (--limit, --offset for more)`));
  }
  return EXIT.ok;
}

function row(m: IndexedModel): string {
  const cols = [
    m.id.padEnd(40),
    m.type.padEnd(12),
    m.format.padEnd(11),
    (m.quantization ?? "").padEnd(8),
    formatBytes(m.size).padStart(10),
  ];
  return `${cols.join("  ")}  ${m.name}`;
}

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} ${value}: expected a whole number`);
  return n;
}

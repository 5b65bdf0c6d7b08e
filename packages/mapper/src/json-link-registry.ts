// The link registry as one JSON file (the library keeps it at <root>/.mlib/links.json). Every
// change is written whole and atomically (temp file beside it, fsync, rename, fsync folder);
// changes from this process are serialised, and a file changed by another process is re-read
// before the next change.
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "@ml/progress";
import type { LinkFilter, LinkKind, LinkRecord, LinkRegistry } from "./link-record.js";
import { errnoCode, MapperError } from "./mapper-error.js";
import { matchesFilter } from "./matches-filter.js";

export interface JsonLinkRegistry extends LinkRegistry {
  readonly file: string;
}

const VERSION = 1;
const KINDS = new Set<LinkKind>(["reflink", "hardlink", "symlink", "copy", "config", "manifest"]);

function checkRecord(value: unknown, where: string): LinkRecord {
  const r = value as Partial<LinkRecord> | null;
  const bad = (problem: string) => new MapperError("BAD_REGISTRY", `${where}: ${problem}`);
  if (!r || typeof r !== "object" || Array.isArray(r)) throw bad("not an object");
  for (const key of ["id", "app", "modelId", "createdAt"] as const) {
    if (typeof r[key] !== "string" || r[key] === "") throw bad(`"${key}" must be a non-empty string`);
  }
  for (const key of ["target", "path"] as const) {
    if (typeof r[key] !== "string" || !path.isAbsolute(r[key]))
      throw bad(`"${key}" must be an absolute path`);
  }
  if (!KINDS.has(r.kind as LinkKind)) throw bad(`unknown kind ${JSON.stringify(r.kind)}`);
  if (r.sourcePath !== null && (typeof r.sourcePath !== "string" || !path.isAbsolute(r.sourcePath))) {
    throw bad('"sourcePath" must be an absolute path or null');
  }
  if (typeof r.size !== "number" || !Number.isFinite(r.size) || r.size < 0)
    throw bad('"size" must be a number >= 0');
  if (
    r.dirs !== undefined &&
    (!Array.isArray(r.dirs) || r.dirs.some((d) => typeof d !== "string" || !path.isAbsolute(d)))
  ) {
    throw bad('"dirs" must be a list of absolute paths');
  }
  return r as LinkRecord;
}

function parse(text: string, file: string): LinkRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MapperError("BAD_REGISTRY", `${file}: not valid JSON: ${(error as Error).message}`);
  }
  const doc = data as { version?: unknown; records?: unknown } | null;
  if (!doc || typeof doc !== "object" || !Array.isArray(doc.records)) {
    throw new MapperError("BAD_REGISTRY", `${file}: expected {"version": 1, "records": [...]}`);
  }
  if (doc.version !== VERSION)
    throw new MapperError("BAD_REGISTRY", `${file}: unsupported version ${JSON.stringify(doc.version)}`);
  const ids = new Set<string>();
  return doc.records.map((value, i) => {
    const record = checkRecord(value, `${file}: record ${i + 1}`);
    if (ids.has(record.id))
      throw new MapperError("BAD_REGISTRY", `${file}: record ${i + 1}: duplicate id ${record.id}`);
    ids.add(record.id);
    return record;
  });
}

/** Opens (or, on the first change, creates) the registry file; refuses a file it cannot trust. */
export async function openJsonLinkRegistry(file: string): Promise<JsonLinkRegistry> {
  const absolute = path.resolve(file);
  let records: LinkRecord[] = [];
  let stamp: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const currentStamp = async (): Promise<string | null> => {
    try {
      const st = await stat(absolute);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch (error) {
      if (errnoCode(error) === "ENOENT") return null;
      throw new MapperError("IO_ERROR", `${absolute}: ${(error as Error).message}`, { cause: error });
    }
  };
  const refresh = async () => {
    const now = await currentStamp();
    if (now === stamp) return;
    records = now === null ? [] : parse(await readFile(absolute, "utf8"), absolute);
    stamp = now;
  };
  const persist = async () => {
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFileAtomic(absolute, `${JSON.stringify({ version: VERSION, records }, null, 1)}\n`);
    stamp = await currentStamp();
  };
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  await refresh();
  return {
    file: absolute,
    list: (filter?: LinkFilter) =>
      serial(async () => {
        await refresh();
        return records.filter((r) => matchesFilter(r, filter)).map((r) => structuredClone(r));
      }),
    add: (record: LinkRecord) =>
      serial(async () => {
        const checked = structuredClone(checkRecord(record, `${absolute}: new record`));
        await refresh();
        const at = records.findIndex((r) => r.id === checked.id);
        records = at === -1 ? [...records, checked] : records.map((r, i) => (i === at ? checked : r));
        await persist();
      }),
    remove: (recordId: string) =>
      serial(async () => {
        await refresh();
        if (!records.some((r) => r.id === recordId)) return;
        records = records.filter((r) => r.id !== recordId);
        await persist();
      }),
  };
}

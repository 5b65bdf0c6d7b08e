// The state of one record's file on disk, and whether that file is provably mlib's, so that
// nothing mlib did not make is ever replaced or deleted.
import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import { readFile, readlink, stat } from "node:fs/promises";
import type { LinkRecord } from "./link-record.js";
import { lstatOrNull } from "./lstat-or-null.js";
import { errnoCode } from "./mapper-error.js";
import { type ExtraModelPaths, readExtraModelPaths } from "./read-extra-model-paths.js";
import { sha256File } from "./sha256-file.js";

export type LinkStatus = "ok" | "missing" | "dangling" | "replaced" | "modified" | "config-missing";

export interface LinkInspection {
  status: LinkStatus;
  /** The file at the path is the one mlib made (same inode, symlink text or content): mlib may replace or delete it. */
  owned: boolean;
  detail: string;
}

export interface InspectOptions {
  /** Hash copies and reflinks to compare their content, not only size and mtime. */
  deep?: boolean;
  /** Parsed config files by path, shared across calls. */
  configs?: Map<string, Promise<ExtraModelPaths | null>>;
}

/** Generated files are a few kilobytes; a bigger file at their path is someone else's. */
const MAX_GENERATED = 1 << 20;

async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await stat(file);
  } catch (error) {
    if (["ENOENT", "ENOTDIR", "ELOOP"].includes(errnoCode(error) ?? "")) return null;
    throw error;
  }
}

const result = (status: LinkStatus, owned: boolean, detail: string): LinkInspection => ({
  status,
  owned,
  detail,
});

async function inspectConfig(record: LinkRecord, options: InspectOptions): Promise<LinkInspection> {
  const entry = record.config;
  if (!entry) return result("config-missing", false, "record has no config entry");
  const configs = options.configs ?? new Map<string, Promise<ExtraModelPaths | null>>();
  let pending = configs.get(record.path);
  if (!pending) {
    pending = readExtraModelPaths(record.path);
    configs.set(record.path, pending);
  }
  let parsed: ExtraModelPaths | null;
  try {
    parsed = await pending;
  } catch (error) {
    return result("config-missing", true, (error as Error).message);
  }
  if (!parsed) return result("config-missing", true, "the config file is gone");
  const section = parsed.sections[entry.section] as Record<string, unknown> | null | undefined;
  if (!section || typeof section !== "object")
    return result("config-missing", true, `section "${entry.section}" is gone`);
  if (section.base_path !== entry.basePath) {
    return result("config-missing", true, `section "${entry.section}" no longer points at ${entry.basePath}`);
  }
  if (typeof section[entry.key] !== "string")
    return result("config-missing", true, `section "${entry.section}" has no ${entry.key}`);
  return result("ok", true, `${entry.section}.${entry.key}`);
}

async function inspectFile(record: LinkRecord, st: Stats, options: InspectOptions): Promise<LinkInspection> {
  const sameAsWritten = st.ino === record.linkIno && st.dev === record.linkDev;
  switch (record.kind) {
    case "symlink": {
      if (!st.isSymbolicLink())
        return result("replaced", false, "a file that is not mlib's symlink is there now");
      const target = await readlink(record.path);
      if (target !== record.sourcePath) return result("replaced", false, `symlink now points at ${target}`);
      if (!(await statOrNull(record.path)))
        return result("dangling", true, `points at a missing file: ${target}`);
      return result("ok", true, `-> ${target}`);
    }
    case "hardlink": {
      // Inode numbers are reused once freed: size and mtime must match too.
      const sameFile = st.ino === record.sourceIno && st.dev === record.sourceDev && st.size === record.size;
      if (!st.isFile() || !sameFile || (record.mtimeMs !== undefined && st.mtimeMs !== record.mtimeMs)) {
        return result("replaced", false, "another file is there now");
      }
      const source = record.sourcePath ? await statOrNull(record.sourcePath) : null;
      if (source && (source.ino !== st.ino || source.dev !== st.dev)) {
        return result(
          "replaced",
          true,
          "the library file was replaced; this link still holds the old content",
        );
      }
      return result(
        "ok",
        true,
        source ? "same inode as the library file" : "library file gone; the link keeps the data",
      );
    }
    case "copy":
    case "reflink": {
      if (!st.isFile() || !sameAsWritten) return result("replaced", false, "another file is there now");
      if (st.size !== record.size || st.mtimeMs !== record.mtimeMs) {
        return result("modified", false, "changed since mlib wrote it (size or mtime)");
      }
      if (options.deep && record.sha256 && (await sha256File(record.path)) !== record.sha256) {
        return result("modified", false, "content no longer matches its sha256");
      }
      return result("ok", true, options.deep ? "content verified" : "size and mtime unchanged");
    }
    case "manifest": {
      if (!st.isFile() || st.size > MAX_GENERATED)
        return result("replaced", false, "another file is there now");
      const hash = createHash("sha256")
        .update(await readFile(record.path))
        .digest("hex");
      if (hash !== record.sha256) {
        return sameAsWritten
          ? result("modified", false, "changed since mlib wrote it")
          : result("replaced", false, "another file is there now");
      }
      return result("ok", true, "content as written");
    }
    default:
      return result("replaced", false, `unknown record kind ${String(record.kind)}`);
  }
}

/** What is at `record.path` compared with what mlib made there. */
export async function inspectLink(record: LinkRecord, options: InspectOptions = {}): Promise<LinkInspection> {
  if (record.kind === "config") return inspectConfig(record, options);
  const st = await lstatOrNull(record.path);
  if (!st) return result("missing", false, "nothing at this path");
  return inspectFile(record, st, options);
}

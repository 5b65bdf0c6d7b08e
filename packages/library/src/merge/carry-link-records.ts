import { readlink, stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import type { LinkRecord, LinkRegistry } from "@ml/mapper";
import { isInside } from "../store/library-paths.js";
import type { ModelRecord } from "../store/model-record.js";
import type { MergeSourceFile } from "./merge-record.js";

export interface CarriedLinks {
  carried: number;
  /** Paths of links that no longer reach the model's file here (see MergeResult.links.stale). */
  stale: string[];
}

type DestinationFile = ModelRecord["files"][number];

/**
 * Moves the link records of model `record.source_id` from the source's registry into this one:
 * `modelId` becomes its id here, `file` and `sourcePath` name its file here. A symlink keeps its
 * `sourcePath`: the mapper recognises its own symlink by that text, so `links repair` (which
 * follows `file` to the model's new place) remakes it instead of forgetting it. Each record is
 * added here before it is removed there, both by record id: running it again finishes the job.
 */
export async function carryLinkRecords(
  from: LinkRegistry,
  to: LinkRegistry,
  source: { folder: string; modelId: string; files: readonly MergeSourceFile[] },
  destination: ModelRecord,
): Promise<CarriedLinks> {
  const records = await from.list({ modelId: source.modelId });
  const stale: string[] = [];
  for (const record of records) {
    const name = record.file ?? nameInFolder(source.folder, record.sourcePath);
    const sourceFile = source.files.find((f) => f.name === name);
    const file = sourceFile ? counterpart(sourceFile, destination.files) : undefined;
    const carried: LinkRecord = {
      ...record,
      modelId: destination.id,
      ...(file ? { file: file.name, ...(record.kind === "symlink" ? {} : { sourcePath: file.path }) } : {}),
    };
    await to.add(carried);
    if (file && (await isStale(carried, file))) stale.push(record.path);
  }
  for (const record of records) await from.remove(record.id);
  return { carried: records.length, stale };
}

/** The destination's file with the same bytes, under the same name when there is a choice. */
function counterpart(file: MergeSourceFile, files: readonly DestinationFile[]): DestinationFile | undefined {
  const same = files.filter((f) => f.sha256 === file.sha256 && f.size === file.size);
  return same.find((f) => f.name === file.name) ?? same[0];
}

function nameInFolder(folder: string, path: string | null): string | undefined {
  if (!path || !isInside(folder, path)) return undefined;
  return relative(folder, path).split(sep).join("/");
}

/** A symlink that does not point at the file here, or a hard link to another inode than it. */
async function isStale(record: LinkRecord, file: DestinationFile): Promise<boolean> {
  if (record.kind === "symlink") {
    const target = await readlink(record.path).catch(() => null);
    return target !== null && resolve(dirname(record.path), target) !== file.path;
  }
  if (record.kind === "hardlink") {
    const [link, here] = await Promise.all([record.path, file.path].map((p) => stat(p).catch(() => null)));
    return link != null && here != null && (link.ino !== here.ino || link.dev !== here.dev);
  }
  return false;
}

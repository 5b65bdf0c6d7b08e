import { constants, type Dirent } from "node:fs";
import { access, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { checkLibraryLinks, METADATA_FILE, type ModelLibrary } from "@ml/library";
import { checkDiskSpace, formatBytes } from "@ml/progress";

export type CheckStatus = "ok" | "warn" | "fail";

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  message: string;
  /** What to do about a warn or fail. */
  hint?: string;
}

export interface DoctorReport {
  /** No check failed. */
  ok: boolean;
  checks: DoctorCheck[];
}

const LOW_SPACE = 10 * 1024 ** 3;
/** Model folders sit at <type>/<family>/<name>; moved ones may sit deeper, never this deep. */
const MAX_DEPTH = 8;

/**
 * Checks the served library: Node, the library folder writable, free space, what opening it had
 * to recover, the index against the model folders on disk (a model folder the index lacks, an
 * index entry whose folder is gone), and the links made into apps.
 */
export async function runDoctor(library: ModelLibrary): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const { root, state } = library.paths;
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

  const writable = await Promise.all(
    [root, state].map((dir) =>
      access(dir, constants.W_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  checks.push(
    writable.every(Boolean)
      ? { name: "library", status: "ok", message: `library at ${root}` }
      : {
          name: "library",
          status: "fail",
          message: `${root} is not writable`,
          hint: "fix the folder's permissions",
        },
  );

  const space = await checkDiskSpace(root, 0, { cushionBytes: 0 });
  if (!space.skipped) {
    const message = `${formatBytes(space.freeBytes)} free in ${space.folder}`;
    checks.push(
      space.freeBytes < LOW_SPACE
        ? { name: "disk", status: "warn", message, hint: "model files need 5-40 GiB each: free some space" }
        : { name: "disk", status: "ok", message },
    );
  }

  const { recovery, reindexed } = library.openReport;
  // A library opened for the first time builds its index: nothing went wrong.
  if (reindexed && reindexed.reason !== "no index yet") {
    checks.push({
      name: "recovery",
      status: "warn",
      message: `index rebuilt when the library was opened: ${reindexed.reason}`,
    });
  }
  for (const warning of [...recovery.warnings, ...(reindexed?.warnings ?? [])]) {
    checks.push({ name: "recovery", status: "warn", message: warning });
  }

  const indexed = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const page = library.list({ sort: "name", limit: 1000, offset });
    for (const model of page.items) indexed.add(model.path);
    if (page.items.length < 1000) break;
  }
  const onDisk = await modelFolders(root);
  const unindexed = [...onDisk].filter((path) => !indexed.has(path));
  const stale = [...indexed].filter((path) => !onDisk.has(path));
  checks.push(
    unindexed.length + stale.length === 0
      ? {
          name: "index",
          status: "ok",
          message: `${indexed.size} models indexed, matching the folders on disk`,
        }
      : {
          name: "index",
          status: "warn",
          message:
            `${unindexed.length} model folder(s) missing from the index${listed(unindexed)}, ` +
            `${stale.length} index entr${stale.length === 1 ? "y" : "ies"} without a folder${listed(stale)}`,
          hint: "reindex (POST /api/v1/reindex, or `mlib reindex`)",
        },
  );

  const links = await checkLibraryLinks(library);
  const broken = links.filter((link) => link.status !== "ok");
  checks.push(
    broken.length === 0
      ? { name: "links", status: "ok", message: `${links.length} link(s) into apps, all ok` }
      : {
          name: "links",
          status: "warn",
          message: `${broken.length} of ${links.length} link(s) into apps are broken${listed(broken.map((l) => `${l.record.path}: ${l.status}`))}`,
          hint: "repair them (POST /api/v1/links/repair, or `mlib links repair`)",
        },
  );

  return { ok: !checks.some((c) => c.status === "fail"), checks };
}

function listed(items: string[]): string {
  return items.length === 0 ? "" : ` (${items.slice(0, 3).join(", ")}${items.length > 3 ? ", ..." : ""})`;
}

/** Folders holding a metadata.json, relative to the root, `/`-separated; `.mlib` and hidden folders skipped. */
async function modelFolders(root: string): Promise<Set<string>> {
  const found = new Set<string>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === METADATA_FILE)) {
      found.add(relative(root, dir).split(sep).join("/"));
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith(".")) await walk(join(dir, entry.name), depth + 1);
    }
  };
  await walk(root, 0);
  return found;
}

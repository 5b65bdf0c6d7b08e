// Creates one file for a spec with the first method that works, recording it in the registry
// before the file appears under its final name: a crash leaves a record `checkLinks` reports as
// missing, never a file nobody owns. The final name is taken exclusively (link(2) and symlink(2)
// fail if anything is there), unless `overwrite` says the file there is mlib's own.
import { createHash, randomUUID } from "node:crypto";
import {
  constants,
  copyFile,
  link,
  mkdir,
  open,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { tempNameBeside } from "@ml/progress";
import type { LinkKind, LinkMethod, LinkRecord, LinkRegistry } from "./link-record.js";
import { lstatOrNull } from "./lstat-or-null.js";
import { errnoCode } from "./mapper-error.js";
import type { LinkSpec } from "./plan.js";

export interface MakeLinkOptions {
  spec: LinkSpec;
  /** Tried in order; ignored for generated files. */
  methods: LinkMethod[];
  app: string;
  target: string;
  registry: LinkRegistry;
  /** The record this one replaces: its id is reused, and it is put back if making the file fails. */
  previous?: LinkRecord;
  /** The previous record's file is at spec.path and is mlib's: overwrite it in one rename. */
  overwrite?: boolean;
}

/** Thrown when something appeared at the path since the plan: it is left alone. */
export class PathTakenError extends Error {
  readonly code = "EEXIST";
}

/** Failures that mean "this method does not work here", so the next one may. */
const TRY_NEXT = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EINVAL"]);

async function writeTemp(spec: LinkSpec, method: LinkMethod | "manifest", temp: string): Promise<void> {
  const source = spec.sourcePath ?? "";
  switch (method) {
    case "manifest":
      await writeFile(temp, spec.content ?? "", { flag: "wx" });
      break;
    case "reflink":
      await copyFile(source, temp, constants.COPYFILE_FICLONE_FORCE | constants.COPYFILE_EXCL);
      break;
    case "copy":
      await copyFile(source, temp, constants.COPYFILE_EXCL);
      break;
    case "hardlink":
      await link(source, temp);
      return;
    case "symlink":
      await symlink(source, temp);
      return;
  }
  // Written bytes must be on disk before a name points at them.
  const handle = await open(temp, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Gives `temp` the name `file` without overwriting anything, then drops the temp name. */
async function publishExclusive(temp: string, file: string): Promise<void> {
  try {
    await link(temp, file);
  } catch (error) {
    if (errnoCode(error) === "EEXIST") throw new PathTakenError(`${file}: a file appeared there`);
    if (!TRY_NEXT.has(errnoCode(error) ?? "")) throw error;
    // A file system without hard links (exFAT, some network shares): check, then rename.
    if (await lstatOrNull(file)) throw new PathTakenError(`${file}: a file appeared there`);
    await rename(temp, file);
    return;
  }
  await rm(temp, { force: true });
}

async function tryMethod(options: MakeLinkOptions, method: LinkMethod | "manifest"): Promise<LinkRecord> {
  const { spec, registry, previous, overwrite } = options;
  const base = {
    id: previous?.id ?? randomUUID(),
    app: options.app,
    target: options.target,
    path: spec.path,
    modelId: spec.modelId,
    sourcePath: spec.sourcePath,
    ...(spec.file ? { file: spec.file } : {}),
    size: spec.size,
    sha256: spec.sha256,
    ...(spec.digest ? { digest: spec.digest } : {}),
    ...(spec.dirs.length > 0 ? { dirs: spec.dirs } : {}),
    createdAt: new Date().toISOString(),
  };
  const kind: LinkKind = method;
  // A new symlink is made straight at its name: symlink(2) is exclusive, and link(2) of a
  // symlink is not portable.
  const direct = method === "symlink" && !overwrite;
  const temp = tempNameBeside(spec.path);
  let record: LinkRecord;
  if (direct) {
    record = { ...base, kind };
  } else {
    await writeTemp(spec, method, temp);
    try {
      record = { ...base, kind };
      if (method === "hardlink") {
        const source = await stat(spec.sourcePath ?? "");
        record.sourceIno = source.ino;
        record.sourceDev = source.dev;
        record.mtimeMs = source.mtimeMs;
        record.size = source.size;
      } else if (method !== "symlink") {
        const written = await stat(temp);
        record.linkIno = written.ino;
        record.linkDev = written.dev;
        record.mtimeMs = written.mtimeMs;
        record.size = written.size;
      }
      if (method === "manifest") {
        record.sha256 = createHash("sha256")
          .update(spec.content ?? "")
          .digest("hex");
        record.content = spec.content ?? "";
      }
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
  await registry.add(record);
  try {
    if (direct) await symlink(spec.sourcePath ?? "", spec.path);
    else if (overwrite) await rename(temp, spec.path);
    else await publishExclusive(temp, spec.path);
  } catch (error) {
    await rm(temp, { force: true });
    if (previous) await registry.add(previous);
    else await registry.remove(record.id);
    if (direct && errnoCode(error) === "EEXIST")
      throw new PathTakenError(`${spec.path}: a file appeared there`);
    throw error;
  }
  return record;
}

/** Makes the file for `spec`; resolves to the record written for it. */
export async function makeLink(options: MakeLinkOptions): Promise<LinkRecord> {
  await mkdir(path.dirname(options.spec.path), { recursive: true });
  const methods: Array<LinkMethod | "manifest"> =
    options.spec.type === "generated" ? ["manifest"] : options.methods;
  let failure: unknown = new Error(`${options.spec.path}: no link method left to try`);
  for (const method of methods) {
    try {
      return await tryMethod(options, method);
    } catch (error) {
      if (!TRY_NEXT.has(errnoCode(error) ?? "")) throw error;
      failure = error;
    }
  }
  throw failure;
}

import { statSync } from "node:fs";
import type { FileSource } from "./file-source.js";
import { FixtureHubError } from "./fixture-hub-error.js";
import type { FixtureRepo, RepoType } from "./types.js";

export interface FileInput {
  source: FileSource;
  lfs?: boolean;
  sha256?: string;
}

/** A FixtureRepo checked and with defaults applied. */
export interface RepoInput {
  id: string;
  type: RepoType;
  revision: string;
  commit?: string;
  gated: false | "auto" | "manual";
  private: boolean;
  info: Record<string, unknown>;
  files: Map<string, FileInput>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Check a repo description and fill in defaults; throws FixtureHubError naming the repo and the problem. */
export function normalizeRepo(repo: FixtureRepo): RepoInput {
  const id = repo.id;
  const where = `fixture repo ${JSON.stringify(id)}`;
  if (typeof id !== "string" || id.split("/").length > 2 || !id.split("/").every((part) => NAME.test(part))) {
    throw new FixtureHubError(
      "INVALID_REPO",
      `${where}: id must be "org/name" or "name" (use \`type\` for datasets)`,
    );
  }
  const type = repo.type ?? "model";
  if (type !== "model" && type !== "dataset" && type !== "space") {
    throw new FixtureHubError(
      "INVALID_REPO",
      `${where}: type must be model, dataset or space, not ${String(type)}`,
    );
  }
  const revision = repo.revision ?? "main";
  if (!revision || revision.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new FixtureHubError("INVALID_REPO", `${where}: bad revision ${JSON.stringify(revision)}`);
  }
  if (repo.commit !== undefined && !HEX40.test(repo.commit)) {
    throw new FixtureHubError("INVALID_REPO", `${where}: commit must be 40 lowercase hex digits`);
  }
  if (typeof repo.files !== "object" || repo.files === null) {
    throw new FixtureHubError("INVALID_REPO", `${where}: files must be an object of path -> content`);
  }
  const files = new Map<string, FileInput>();
  for (const [path, file] of Object.entries(repo.files)) {
    checkPath(where, path);
    files.set(path, toFileInput(`${where}, file ${JSON.stringify(path)}`, file));
  }
  for (const path of files.keys()) {
    for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
      if (files.has(path.slice(0, slash))) {
        throw new FixtureHubError(
          "INVALID_FILE",
          `${where}: ${path.slice(0, slash)} is both a file and a folder`,
        );
      }
    }
  }
  const gated = repo.gated === true ? "manual" : (repo.gated ?? false);
  return {
    id,
    type,
    revision,
    ...(repo.commit !== undefined && { commit: repo.commit }),
    gated,
    private: repo.private ?? false,
    info: repo.info ?? {},
    files,
  };
}

function checkPath(where: string, path: string): void {
  const parts = path.split("/");
  if (path.includes("\\") || path.includes("\0") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw new FixtureHubError("INVALID_FILE", `${where}: bad file path ${JSON.stringify(path)}`);
  }
}

function toFileInput(where: string, file: unknown): FileInput {
  if (typeof file === "string") return { source: { kind: "bytes", bytes: Buffer.from(file) } };
  if (file instanceof Uint8Array) return { source: { kind: "bytes", bytes: file } };
  if (typeof file !== "object" || file === null) {
    throw new FixtureHubError(
      "INVALID_FILE",
      `${where}: expected a string, bytes, {content}, {size} or {path}`,
    );
  }
  const f = file as Record<string, unknown>;
  const options: Omit<FileInput, "source"> = {};
  if (f.lfs !== undefined) {
    if (typeof f.lfs !== "boolean")
      throw new FixtureHubError("INVALID_FILE", `${where}: lfs must be a boolean`);
    options.lfs = f.lfs;
  }
  if (f.sha256 !== undefined) {
    if (typeof f.sha256 !== "string" || !HEX64.test(f.sha256) || "content" in f) {
      throw new FixtureHubError(
        "INVALID_FILE",
        `${where}: sha256 must be 64 lowercase hex digits on a {size} or {path} file`,
      );
    }
    options.sha256 = f.sha256;
  }
  if ("content" in f) {
    if (typeof f.content === "string")
      return { ...options, source: { kind: "bytes", bytes: Buffer.from(f.content) } };
    if (f.content instanceof Uint8Array) return { ...options, source: { kind: "bytes", bytes: f.content } };
    throw new FixtureHubError("INVALID_FILE", `${where}: content must be a string or a Uint8Array`);
  }
  if ("path" in f) {
    if (typeof f.path !== "string")
      throw new FixtureHubError("INVALID_FILE", `${where}: path must be a string`);
    let size: number;
    try {
      const stat = statSync(f.path);
      if (!stat.isFile()) throw new Error("not a regular file");
      size = stat.size;
    } catch (error) {
      throw new FixtureHubError(
        "INVALID_FILE",
        `${where}: cannot serve ${f.path}: ${(error as Error).message}`,
      );
    }
    return { ...options, source: { kind: "disk", path: f.path, size } };
  }
  if ("size" in f) {
    const fill = f.fill ?? 0;
    if (!Number.isSafeInteger(f.size) || (f.size as number) < 0) {
      throw new FixtureHubError("INVALID_FILE", `${where}: size must be a non-negative integer`);
    }
    if (!Number.isInteger(fill) || (fill as number) < 0 || (fill as number) > 255) {
      throw new FixtureHubError("INVALID_FILE", `${where}: fill must be a byte value 0-255`);
    }
    if (f.seed !== undefined) {
      if (f.fill !== undefined || !Number.isSafeInteger(f.seed) || (f.seed as number) < 0) {
        throw new FixtureHubError(
          "INVALID_FILE",
          `${where}: seed must be a non-negative integer, and not given with fill`,
        );
      }
      return { ...options, source: { kind: "pattern", size: f.size as number, seed: f.seed as number } };
    }
    return { ...options, source: { kind: "fill", size: f.size as number, fill: fill as number } };
  }
  throw new FixtureHubError(
    "INVALID_FILE",
    `${where}: expected a string, bytes, {content}, {size} or {path}`,
  );
}

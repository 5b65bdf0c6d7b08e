import { readFile } from "node:fs/promises";

/** What a `.part` file is a prefix of; a part is resumed only when its sidecar says exactly this. */
export interface PartSidecar {
  version: 1;
  url: string;
  repo: string;
  path: string;
  commit: string;
  size: number;
  sha256?: string;
  gitSha1?: string;
}

const KEYS: (keyof PartSidecar)[] = ["version", "url", "repo", "path", "commit", "size", "sha256", "gitSha1"];

/** The sidecar at `path`, or undefined when it is missing or unreadable (the part is then not trusted). */
export async function readSidecar(path: string): Promise<Partial<PartSidecar> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Partial<PartSidecar>) : undefined;
  } catch {
    return undefined;
  }
}

export function sameSidecar(a: Partial<PartSidecar> | undefined, b: PartSidecar): boolean {
  return a !== undefined && KEYS.every((key) => a[key] === b[key]);
}

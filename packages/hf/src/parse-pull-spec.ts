import { HfError } from "./hf-error.js";

export interface PullSpec {
  /** "org/name" */
  repo: string;
  /** Variant name or quantization label ("Q4_K_M"), from `org/repo:Q4_K_M`. */
  variant?: string;
  /** A file path in the repo, from `org/repo/path/file.gguf`. */
  file?: string;
  /** From a hub URL (`.../resolve/<rev>/<file>` or `.../blob/<rev>/<file>`). */
  revision?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const URL_PREFIX = /^(?:https?:\/\/)?(?:www\.)?(?:hf\.co|huggingface\.co)\//i;

/**
 * `org/repo`, `org/repo:Q4_K_M`, `org/repo/path/file.gguf`, also with an `hf.co/` or
 * `https://huggingface.co/` prefix (and `/resolve/<rev>/` or `/blob/<rev>/` before a file).
 */
export function parsePullSpec(spec: string): PullSpec {
  const bad = (why: string) =>
    new HfError(
      "BAD_SPEC",
      `Not a model spec: ${JSON.stringify(spec)} (${why}; expected org/repo, org/repo:QUANT or org/repo/path/file)`,
    );
  if (typeof spec !== "string") throw bad("not text");
  const fromUrl = URL_PREFIX.test(spec.trim());
  const text = spec
    .trim()
    .replace(URL_PREFIX, "")
    .replace(/^models\//, "");
  const parts = text.split("/");
  const [org = "", second = ""] = parts;
  const colon = parts.length === 2 ? second.indexOf(":") : -1;
  const name = colon === -1 ? second : second.slice(0, colon);
  if (!NAME.test(org) || !NAME.test(name) || `${org}/${name}`.includes("..")) {
    throw bad("the repo must be org/name");
  }
  const repo = `${org}/${name}`;
  if (colon !== -1) {
    const variant = second.slice(colon + 1);
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(variant)) throw bad(`bad variant ${JSON.stringify(variant)}`);
    return { repo, variant };
  }
  let rest = parts.slice(2);
  let revision: string | undefined;
  if (fromUrl && (rest[0] === "resolve" || rest[0] === "blob") && rest.length >= 3) {
    revision = decodeURIComponent(rest[1] as string);
    rest = rest.slice(2);
  }
  if (rest.length === 0 || (rest.length === 1 && rest[0] === "")) return { repo };
  const file = rest.map((part) => (fromUrl ? decodeURIComponent(part) : part)).join("/");
  checkRepoPath(file, bad);
  return { repo, file, ...(revision !== undefined && { revision }) };
}

/** A relative path inside a repo: no empty, "." or ".." segments, no backslashes or NULs. */
export function checkRepoPath(path: string, bad: (why: string) => Error): void {
  const parts = path.split("/");
  if (path.includes("\\") || path.includes("\0") || parts.some((p) => p === "" || p === "." || p === "..")) {
    throw bad(`bad file path ${JSON.stringify(path)}`);
  }
}

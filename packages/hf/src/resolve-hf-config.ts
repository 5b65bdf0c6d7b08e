import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { HfError } from "./hf-error.js";

export interface HfConfig {
  /** Origin (and optional path prefix) of the hub, without a trailing slash. */
  endpoint: string;
  token?: string;
  /** No network at all. */
  offline: boolean;
  /** Root of the shared Hugging Face hub cache. */
  cacheDir: string;
}

const DEFAULT_ENDPOINT = "https://huggingface.co";
const TRUE = new Set(["1", "true", "yes", "on"]);

/**
 * The settings the official clients honour: HF_ENDPOINT, HF_TOKEN (else the token file the CLI's
 * login writes), HF_HUB_OFFLINE, HF_HUB_CACHE / HF_HOME / XDG_CACHE_HOME.
 */
export function resolveHfConfig(env: NodeJS.ProcessEnv = process.env): HfConfig {
  const endpoint = (nonEmpty(env.HF_ENDPOINT) ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw new HfError("BAD_CONFIG", `HF_ENDPOINT is not an http(s) URL: ${JSON.stringify(endpoint)}`);
  }
  const hfHome =
    nonEmpty(env.HF_HOME) ??
    join(nonEmpty(env.XDG_CACHE_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), ".cache"), "huggingface");
  const token =
    nonEmpty(env.HF_TOKEN) ??
    nonEmpty(env.HUGGING_FACE_HUB_TOKEN) ??
    readToken(nonEmpty(env.HF_TOKEN_PATH) ?? join(hfHome, "token"));
  return {
    endpoint,
    ...(token !== undefined && { token }),
    offline: TRUE.has((env.HF_HUB_OFFLINE ?? "").trim().toLowerCase()),
    cacheDir: nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE) ?? join(hfHome, "hub"),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The token file holds the token on its first line; a missing or unreadable file means no token. */
function readToken(path: string): string | undefined {
  try {
    return nonEmpty(readFileSync(path, "utf8").split(/\r?\n/)[0]);
  } catch {
    return undefined;
  }
}

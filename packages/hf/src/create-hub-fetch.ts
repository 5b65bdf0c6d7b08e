import { HfError, OfflineError } from "./hf-error.js";
import { type HfConfig, resolveHfConfig } from "./resolve-hf-config.js";

/** `fetch` limited to the configured hub; carries the config it was made from. */
export type HubFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  readonly config: HfConfig;
};

export interface CreateHubFetchOptions {
  /** The fetch underneath (default: the global one). Tests pass a spy to prove nothing was sent. */
  fetch?: typeof fetch;
  /** Give up on an API (non-download) request after this long. Default 30 s. */
  apiTimeoutMs?: number;
}

const MAX_REDIRECTS = 10;
const API_TIMEOUT_MS = 30_000;
const USER_AGENT = "mlib (@ml/hf)";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one door to the network, used for every request (and given to `@huggingface/hub` as its
 * `fetch`). It refuses everything when offline, refuses origins other than the endpoint, adds the
 * token for the endpoint, and follows redirects itself: a download (`/resolve/`) may go to the
 * host the hub names (its CDN) and loses `Authorization` when the origin changes.
 */
export function createHubFetch(config: HfConfig, options: CreateHubFetchOptions = {}): HubFetch {
  const base = options.fetch ?? globalThis.fetch;
  const origin = new URL(config.endpoint).origin;
  const hubFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    let url = new URL(request ? request.url : input);
    if (config.offline) throw new OfflineError(`refusing to reach ${url.origin}${url.pathname}`);
    if (url.origin !== origin) {
      throw new HfError(
        "FORBIDDEN_URL",
        `refusing ${url.origin}: only the hub ${config.endpoint} is reached (HF_ENDPOINT)`,
      );
    }
    const download = url.pathname.includes("/resolve/");
    const headers = new Headers(init.headers ?? request?.headers);
    // Downloads watch for stalls themselves; an API call that hangs would hang its caller for good.
    const callerSignal = init.signal ?? request?.signal ?? undefined;
    const timeout = AbortSignal.timeout(options.apiTimeoutMs ?? API_TIMEOUT_MS);
    const signal = download
      ? callerSignal
      : callerSignal
        ? AbortSignal.any([callerSignal, timeout])
        : timeout;
    if (config.token && !headers.has("authorization")) headers.set("authorization", `Bearer ${config.token}`);
    if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
    let method = init.method ?? request?.method ?? "GET";
    let body = init.body ?? (request?.body as RequestInit["body"]) ?? null;
    for (let hops = 0; ; hops++) {
      const response = await base(url, {
        ...init,
        method,
        headers,
        body,
        redirect: "manual",
        ...(signal && { signal }),
        ...(request?.body && !init.body && { duplex: "half" }),
      } as RequestInit);
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (hops >= MAX_REDIRECTS) throw new HfError("HTTP", `too many redirects from ${config.endpoint}`);
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        if (!download)
          throw new HfError("FORBIDDEN_URL", `refusing a redirect from ${url.origin} to ${next.origin}`);
        // The CDN takes a signed URL; our token is for the hub only and must not leak to another host.
        headers.delete("authorization");
      }
      if (
        response.status === 303 ||
        (method === "POST" && response.status !== 307 && response.status !== 308)
      ) {
        method = "GET";
        body = null;
      }
      url = next;
    }
  };
  return Object.assign(hubFetch, { config });
}

/** The caller's hub fetch, or one made from the environment (resolveHfConfig). */
export function hubOrDefault(hub: HubFetch | undefined): HubFetch {
  return hub ?? createHubFetch(resolveHfConfig());
}

/** The same hub fetch with `signal` applied to every request that has none of its own. */
export function withSignal(hub: HubFetch, signal: AbortSignal | undefined): HubFetch {
  if (!signal) return hub;
  return Object.assign(
    (input: string | URL | Request, init: RequestInit = {}) => hub(input, { signal, ...init }),
    {
      config: hub.config,
    },
  );
}

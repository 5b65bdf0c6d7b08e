import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { HfError, OfflineError } from "./hf-error.js";
import { type HfConfig, resolveHfConfig } from "./resolve-hf-config.js";
import { sendDownloadRequest } from "./send-download-request.js";

/** `fetch` limited to the configured hub; carries the config it was made from. */
export type HubFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  readonly config: HfConfig;
  /**
   * GET a file (`/resolve/` URL) under the same rules, its body as Node buffers: the fast path
   * downloads take (node:http, unless a `fetch` was given to createHubFetch).
   */
  readonly download: (url: string, init: DownloadInit) => Promise<HubDownload>;
};

export interface DownloadInit {
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** The answer to a download request; read or destroy `body`. */
export interface HubDownload {
  readonly status: number;
  /** Where the answer came from, after redirects. */
  readonly url: string;
  header(name: string): string | undefined;
  readonly body: Readable;
}

export interface CreateHubFetchOptions {
  /** The fetch underneath (default: the global one, and node:http for downloads). Tests pass a spy to prove nothing was sent. */
  fetch?: typeof fetch;
  /** Give up on an API (non-download) request after this long. Default 30 s. */
  apiTimeoutMs?: number;
}

const MAX_REDIRECTS = 10;
const API_TIMEOUT_MS = 30_000;
const USER_AGENT = "mlib (@ml/hf)";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request of a redirect chain, as the transport answered it. */
interface Hop<T> {
  status: number;
  location: string | null;
  /** Throw the body away (a redirect's). */
  discard: () => Promise<void> | void;
  answer: T;
}

type Send<T> = (
  url: URL,
  init: { method: string; headers: Headers; body: RequestInit["body"] },
) => Promise<Hop<T>>;

/**
 * The one door to the network, used for every request (and given to `@huggingface/hub` as its
 * `fetch`). It refuses everything when offline, refuses origins other than the endpoint, adds the
 * token for the endpoint, and follows redirects itself: a download (`/resolve/`) may go to the
 * host the hub names (its CDN) and loses `Authorization` when the origin changes.
 */
export function createHubFetch(config: HfConfig, options: CreateHubFetchOptions = {}): HubFetch {
  const base = options.fetch ?? globalThis.fetch;
  const origin = new URL(config.endpoint).origin;

  /** The policy above, over any transport. */
  const follow = async <T>(
    start: URL,
    init: { method: string; headers: Headers; body: RequestInit["body"] },
    send: Send<T>,
  ): Promise<T> => {
    let url = start;
    if (config.offline) throw new OfflineError(`refusing to reach ${url.origin}${url.pathname}`);
    if (url.origin !== origin) {
      throw new HfError(
        "FORBIDDEN_URL",
        `refusing ${url.origin}: only the hub ${config.endpoint} is reached (HF_ENDPOINT)`,
      );
    }
    const download = url.pathname.includes("/resolve/");
    const { headers } = init;
    if (config.token && !headers.has("authorization")) headers.set("authorization", `Bearer ${config.token}`);
    if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
    let { method, body } = init;
    for (let hops = 0; ; hops++) {
      const hop = await send(url, { method, headers, body });
      if (!REDIRECTS.has(hop.status) || hop.location === null) return hop.answer;
      await hop.discard();
      if (hops >= MAX_REDIRECTS) throw new HfError("HTTP", `too many redirects from ${config.endpoint}`);
      const next = new URL(hop.location, url);
      if (next.origin !== url.origin) {
        if (!download || (next.protocol !== "https:" && next.protocol !== "http:"))
          throw new HfError("FORBIDDEN_URL", `refusing a redirect from ${url.origin} to ${next.origin}`);
        // The CDN takes a signed URL; our token is for the hub only and must not leak to another host.
        headers.delete("authorization");
      }
      if (hop.status === 303 || (method === "POST" && hop.status !== 307 && hop.status !== 308)) {
        method = "GET";
        body = null;
      }
      url = next;
    }
  };

  const fetchHop =
    (init: RequestInit, signal: AbortSignal | undefined, duplex: boolean): Send<Response> =>
    async (url, hop) => {
      const response = await base(url, {
        ...init,
        ...hop,
        redirect: "manual",
        ...(signal && { signal }),
        ...(duplex && { duplex: "half" }),
      } as RequestInit);
      const discard = () => response.body?.cancel();
      return {
        status: response.status,
        location: response.headers.get("location"),
        discard,
        answer: response,
      };
    };

  const hubFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input);
    // Downloads watch for stalls themselves; an API call that hangs would hang its caller for good.
    const callerSignal = init.signal ?? request?.signal ?? undefined;
    const timeout = AbortSignal.timeout(options.apiTimeoutMs ?? API_TIMEOUT_MS);
    const signal = url.pathname.includes("/resolve/")
      ? callerSignal
      : callerSignal
        ? AbortSignal.any([callerSignal, timeout])
        : timeout;
    const first = {
      method: init.method ?? request?.method ?? "GET",
      headers: new Headers(init.headers ?? request?.headers),
      body: init.body ?? (request?.body as RequestInit["body"]) ?? null,
    };
    return follow(url, first, fetchHop(init, signal, Boolean(request?.body && !init.body)));
  };

  const download = async (input: string, init: DownloadInit): Promise<HubDownload> => {
    const first = { method: "GET", headers: new Headers(init.headers), body: null };
    if (options.fetch) {
      const response = await follow(new URL(input), first, fetchHop({}, init.signal, false));
      return fromResponse(response);
    }
    return follow(new URL(input), first, async (url, hop) => {
      const answer = fromMessage(url, await sendDownloadRequest(url, hop.headers, init.signal));
      // Drain rather than destroy: a redirect's body is short and the connection can be kept.
      const discard = () => void answer.body.resume();
      return { status: answer.status, location: answer.header("location") ?? null, discard, answer };
    });
  };

  return Object.assign(hubFetch, { config, download });
}

function fromMessage(url: URL, message: IncomingMessage): HubDownload {
  return {
    status: message.statusCode ?? 0,
    url: url.href,
    header: (name) => {
      const value = message.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    body: message,
  };
}

function fromResponse(response: Response): HubDownload {
  return {
    status: response.status,
    url: response.url,
    header: (name) => response.headers.get(name) ?? undefined,
    body: response.body
      ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)
      : Readable.from([]),
  };
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
      download: (url: string, init: DownloadInit) => hub.download(url, { signal, ...init }),
    },
  );
}

import { type FixtureHub, type FixtureHubOptions, startFixtureHub } from "@ml-tooling/fixture-hub";
import { onTestFinished } from "vitest";
import { createHubFetch, type HubFetch } from "../create-hub-fetch.js";
import type { HfConfig } from "../resolve-hf-config.js";

/** A fixture hub closed when the current test ends. */
export async function testHub(opts: FixtureHubOptions = {}): Promise<FixtureHub> {
  const hub = await startFixtureHub(opts);
  onTestFinished(() => hub.close());
  return hub;
}

/** A hub fetch for the fixture hub; `cacheDir` defaults to a path tests never write to. */
export function hubFetchFor(
  hub: FixtureHub,
  config: Partial<HfConfig> = {},
  fetch?: typeof globalThis.fetch,
): HubFetch {
  return createHubFetch(
    { endpoint: hub.url, offline: false, cacheDir: "/nonexistent/hf-cache", ...config },
    fetch ? { fetch } : {},
  );
}

/** Body bytes the hub sent for downloads of one file (both servers, every request). */
export function bytesServed(hub: FixtureHub, path: string): number {
  return hub.requests
    .filter((r) => r.method === "GET" && r.path.includes("/resolve/") && r.path.endsWith(`/${path}`))
    .reduce((sum, r) => sum + r.bytesSent, 0);
}

/** GET requests of a file's downloads, with their Range header. */
export function downloads(
  hub: FixtureHub,
  path: string,
): { server: string; range?: string; status: number }[] {
  return hub.requests
    .filter((r) => r.method === "GET" && r.path.includes("/resolve/") && r.path.endsWith(`/${path}`))
    .map((r) => ({ server: r.server, status: r.status, ...(r.headers.range && { range: r.headers.range }) }));
}

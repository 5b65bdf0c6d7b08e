import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DownloadFaults } from "./download-faults.js";
import { FixtureHubError } from "./fixture-hub-error.js";
import { type HubContext, handleRequest } from "./handle-request.js";
import { readReposFromDir } from "./read-repos-from-dir.js";
import { RepoStore } from "./repo-store.js";
import type {
  FixtureCorruption,
  FixtureFailure,
  FixtureHub,
  FixtureHubOptions,
  FixtureInterruption,
  FixtureStall,
} from "./types.js";

const DEFAULT_LFS_THRESHOLD = 10 * 1024 * 1024;
const DEFAULT_PAGE_SIZE = 1000;

/** Start a Hugging Face hub look-alike on 127.0.0.1 that the real `@huggingface/hub` client works against. */
export async function startFixtureHub(opts: FixtureHubOptions = {}): Promise<FixtureHub> {
  const lfsThreshold = checkCount("lfsThreshold", opts.lfsThreshold ?? DEFAULT_LFS_THRESHOLD, 0);
  const pageSize = checkCount("pageSize", opts.pageSize ?? DEFAULT_PAGE_SIZE, 1);
  const port = checkCount("port", opts.port ?? 0, 0);
  if (opts.tokens?.some((token) => typeof token !== "string" || token === "")) {
    throw new FixtureHubError("INVALID_OPTION", "tokens must be non-empty strings");
  }
  const store = new RepoStore(lfsThreshold);
  for (const repo of opts.repos ?? []) store.add(repo);
  if (opts.fromDir !== undefined) {
    for (const repo of await readReposFromDir(opts.fromDir)) store.add(repo);
  }

  const ctx: HubContext = {
    store,
    ...(opts.tokens && { tokens: new Set(opts.tokens) }),
    pageSize,
    faults: new DownloadFaults(),
    ...(opts.throttle !== undefined && { throttle: checkCount("throttle", opts.throttle, 1) }),
    requests: [],
  };
  const hubServer = createServer((req, res) => void handleRequest(ctx, "hub", req, res));
  const url = `http://127.0.0.1:${await listen(hubServer, port)}`;
  const servers = [hubServer];
  if (opts.lfsRedirect) {
    const cdnServer = createServer((req, res) => void handleRequest(ctx, "cdn", req, res));
    ctx.cdnUrl = `http://127.0.0.1:${await listen(cdnServer, 0)}`;
    servers.push(cdnServer);
  }

  return {
    url,
    repos: store.defaults,
    requests: ctx.requests,
    repo: (id, revision) => store.info(id, revision),
    addRepo: (repo) => store.add(repo),
    interrupt: ({ path, afterBytes, times = 1 }: FixtureInterruption) => {
      ctx.faults.addCut(
        path,
        checkCount("interrupt afterBytes", afterBytes, 0),
        checkTimes(times),
        "interrupt",
      );
    },
    stall: ({ path, afterBytes, times = 1 }: FixtureStall) => {
      ctx.faults.addCut(path, checkCount("stall afterBytes", afterBytes, 0), checkTimes(times), "stall");
    },
    fail: ({ path, times = 1, status = 500 }: FixtureFailure) => {
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new FixtureHubError("INVALID_OPTION", `fail status must be 400-599, got ${status}`);
      }
      ctx.faults.addFailure(path, status, checkTimes(times));
    },
    corrupt: ({ path, at, times = 1 }: FixtureCorruption) => {
      ctx.faults.addCorruption(path, checkCount("corrupt at", at, 0), checkTimes(times));
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve, reject) => {
              server.close((error) => (error ? reject(error) : resolve()));
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

function checkTimes(times: number): number {
  return times === Number.POSITIVE_INFINITY ? times : checkCount("times", times, 1);
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new FixtureHubError("INVALID_OPTION", `${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

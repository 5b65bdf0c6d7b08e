import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { createHubFetch } from "./create-hub-fetch.js";
import { hubFetchFor, testHub } from "./test-utils/test-hub.js";

/** A loopback server that answers every request with `handler`, closed at the end of the test. */
async function otherServer(handler: (path: string, auth?: string) => { status: number; location?: string }) {
  const seen: { path: string; auth?: string }[] = [];
  const server = createServer((req, res) => {
    const auth = req.headers.authorization;
    seen.push({ path: req.url ?? "", ...(auth && { auth }) });
    const { status, location } = handler(req.url ?? "", auth);
    res.writeHead(status, location ? { location } : {});
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe("createHubFetch", () => {
  it("reaches only the endpoint, adding the token there", async () => {
    const hub = await testHub({ repos: [{ id: "org/p", private: true, files: { "a.txt": "a" } }] });
    const hubFetch = hubFetchFor(hub, { token: "hf_tok" });
    expect((await hubFetch(`${hub.url}/api/models/org/p`)).status).toBe(200);
    expect(hub.requests[0]?.headers.authorization).toBe("Bearer hf_tok");
    const other = await otherServer(() => ({ status: 200 }));
    await expect(hubFetch(`${other.url}/x`)).rejects.toMatchObject({
      code: "FORBIDDEN_URL",
      message: expect.stringContaining(other.url),
    });
    expect(other.seen).toEqual([]);
  });

  it("follows a download redirect to another host without Authorization, but no API redirect off the hub", async () => {
    const cdn = await otherServer(() => ({ status: 200 }));
    const hub = await otherServer((path) =>
      path.includes("/resolve/")
        ? { status: 302, location: `${cdn.url}/signed?x=1` }
        : path === "/api/moved"
          ? { status: 307, location: "/api/here" }
          : { status: path === "/api/away" ? 302 : 200, location: `${cdn.url}/api` },
    );
    const hubFetch = createHubFetch({ endpoint: hub.url, token: "hf_t", offline: false, cacheDir: "/x" });
    const download = await hubFetch(`${hub.url}/org/r/resolve/main/m.gguf`);
    expect(await download.text()).toBe("ok");
    expect(download.url).toBe(`${cdn.url}/signed?x=1`);
    expect(cdn.seen).toEqual([{ path: "/signed?x=1" }]);
    expect((await hubFetch(`${hub.url}/api/moved`)).status).toBe(200);
    expect(hub.seen.at(-1)).toEqual({ path: "/api/here", auth: "Bearer hf_t" });
    await expect(hubFetch(`${hub.url}/api/away`)).rejects.toMatchObject({ code: "FORBIDDEN_URL" });
    expect(cdn.seen).toHaveLength(1);
  });

  it("downloads (node:http) under the same rules: endpoint only, token dropped on the CDN, offline refused", async () => {
    const cdn = await otherServer(() => ({ status: 200 }));
    const hub = await otherServer((path) =>
      path.startsWith("/org/r/resolve/")
        ? { status: 302, location: `${cdn.url}/signed?x=1` }
        : { status: 404 },
    );
    const config = { endpoint: hub.url, token: "hf_t", offline: false, cacheDir: "/x" };
    const hubFetch = createHubFetch(config);
    const answer = await hubFetch.download(`${hub.url}/org/r/resolve/main/m.gguf`, {
      headers: { range: "bytes=1-" },
    });
    let body = "";
    for await (const chunk of answer.body) body += chunk;
    expect({ status: answer.status, url: answer.url, body }).toEqual({
      status: 200,
      url: `${cdn.url}/signed?x=1`,
      body: "ok",
    });
    expect(hub.seen).toEqual([{ path: "/org/r/resolve/main/m.gguf", auth: "Bearer hf_t" }]);
    expect(cdn.seen).toEqual([{ path: "/signed?x=1" }]);
    await expect(
      hubFetch.download(`${cdn.url}/org/r/resolve/main/m.gguf`, { headers: {} }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN_URL",
    });
    const offline = createHubFetch({ ...config, offline: true });
    await expect(
      offline.download(`${hub.url}/org/r/resolve/main/m.gguf`, { headers: {} }),
    ).rejects.toMatchObject({
      code: "OFFLINE",
    });
    expect(hub.seen).toHaveLength(1);
    expect(cdn.seen).toHaveLength(1);
  });

  it("gives up on an API request that hangs, but leaves slow downloads to their stall watch", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/api/hang") return; // never answers
      res.writeHead(200);
      res.write("slow ");
      setTimeout(() => res.end("body"), 150);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const hubFetch = createHubFetch({ endpoint: url, offline: false, cacheDir: "/x" }, { apiTimeoutMs: 50 });
    await expect(hubFetch(`${url}/api/hang`)).rejects.toMatchObject({ name: "TimeoutError" });
    expect(await (await hubFetch(`${url}/org/r/resolve/main/m.gguf`)).text()).toBe("slow body");
  });
});

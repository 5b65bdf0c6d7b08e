import { createHash } from "node:crypto";
import { fileDownloadInfo, fileExists, parseSafetensorsMetadata } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { testHub } from "./test-utils/test-hub.js";
import type { FixtureRepo } from "./types.js";

const weights = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
const repo: FixtureRepo = {
  id: "org/r",
  files: { "config.json": '{"a":1}', "sub/w.safetensors": weights, "big.gguf": { size: 3_000_000, fill: 5 } },
};

describe("GET|HEAD /{repo}/resolve/{rev}/{path}", () => {
  it("serves Range requests as 206 with Content-Range, and 416 past the end", async () => {
    const hub = await testHub({ repos: [repo] });
    const url = `${hub.url}/org/r/resolve/main/sub/w.safetensors`;
    const get = (range: string) => fetch(url, { headers: { Range: range } });

    const middle = await get("bytes=10-19");
    expect(middle.status).toBe(206);
    expect(middle.headers.get("content-range")).toBe("bytes 10-19/300");
    expect(middle.headers.get("content-length")).toBe("10");
    expect(Buffer.from(await middle.arrayBuffer())).toEqual(weights.subarray(10, 20));
    expect(Buffer.from(await (await get("bytes=290-")).arrayBuffer())).toEqual(weights.subarray(290));
    const suffix = await get("bytes=-5");
    expect(suffix.headers.get("content-range")).toBe("bytes 295-299/300");
    expect(Buffer.from(await suffix.arrayBuffer())).toEqual(weights.subarray(295));

    const past = await get("bytes=300-");
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe("bytes */300");

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(weights);
  });

  it("sends the hub's headers: ETag sha256 for LFS, git sha1 otherwise, commit and linked size", async () => {
    const hub = await testHub({ repos: [repo] });
    const info = hub.repo("org/r");
    const lfs = await fetch(`${hub.url}/org/r/resolve/main/sub/w.safetensors`, { method: "HEAD" });
    expect(lfs.status).toBe(200);
    expect(Object.fromEntries(lfs.headers)).toMatchObject({
      etag: `"${createHash("sha256").update(weights).digest("hex")}"`,
      "x-linked-etag": `"${info.files.get("sub/w.safetensors")?.sha256}"`,
      "x-linked-size": "300",
      "x-repo-commit": info.commit,
      "content-length": "300",
      "accept-ranges": "bytes",
      "content-type": "application/octet-stream",
    });
    expect(await lfs.text()).toBe("");
    const small = await fetch(`${hub.url}/org/r/resolve/${info.commit}/config.json`, { method: "HEAD" });
    expect(small.headers.get("etag")).toBe(`"${info.files.get("config.json")?.oid}"`);
  });

  it("serves an LFS pointer from /raw/ and streams big synthetic files", async () => {
    const hub = await testHub({ repos: [repo] });
    const info = hub.repo("org/r");
    const pointer = await (await fetch(`${hub.url}/org/r/raw/main/big.gguf`)).text();
    expect(pointer).toBe(
      `version https://git-lfs.github.com/spec/v1\noid sha256:${info.files.get("big.gguf")?.sha256}\nsize 3000000\n`,
    );
    const big = Buffer.from(await (await fetch(`${hub.url}/org/r/resolve/main/big.gguf`)).arrayBuffer());
    expect(big.byteLength).toBe(3_000_000);
    expect(createHash("sha256").update(big).digest("hex")).toBe(info.files.get("big.gguf")?.sha256);
  });

  it("answers missing files, repos and revisions with 404 and X-Error-Code", async () => {
    const hub = await testHub({ repos: [repo, { id: "org/d", type: "dataset", files: { "x.csv": "1" } }] });
    const check = async (path: string, code: string | null, method = "GET") => {
      const res = await fetch(`${hub.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("x-error-code")).toBe(code);
    };
    await check("/org/r/resolve/main/nope.txt", "EntryNotFound");
    await check("/org/r/resolve/main/nope.txt", "EntryNotFound", "HEAD");
    await check("/org/r/resolve/main/sub", "EntryNotFound");
    await check("/org/none/resolve/main/a.txt", "RepoNotFound");
    await check("/org/r/resolve/v9/config.json", "RevisionNotFound");
    await check("/org/d/resolve/main/x.csv", "RepoNotFound");
    await check("/favicon.ico", null);
    expect((await fetch(`${hub.url}/datasets/org/d/resolve/main/x.csv`)).status).toBe(200);
  });

  it("serves an empty file whole but finds any range of it unsatisfiable (RFC 9110)", async () => {
    const hub = await testHub({ repos: [{ id: "org/e", files: { "__init__.py": "" } }] });
    const url = `${hub.url}/org/e/resolve/main/__init__.py`;
    const probe = await fetch(url, { headers: { Range: "bytes=0-0" } });
    expect(probe.status).toBe(416);
    expect(probe.headers.get("content-range")).toBe("bytes */0");
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("etag")).toBe('"e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"');
  });

  it("ignores Range when If-Range names an old ETag", async () => {
    const hub = await testHub({ repos: [repo] });
    const url = `${hub.url}/org/r/resolve/main/sub/w.safetensors`;
    const etag = `"${hub.repo("org/r").files.get("sub/w.safetensors")?.etag}"`;
    expect((await fetch(url, { headers: { Range: "bytes=5-", "If-Range": etag } })).status).toBe(206);
    const stale = await fetch(url, { headers: { Range: "bytes=5-", "If-Range": '"old"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(300);
  });

  it("works with fileDownloadInfo, fileExists and parseSafetensorsMetadata (range reads)", async () => {
    const header = Buffer.from(JSON.stringify({ w: { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] } }));
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(header.byteLength));
    const safetensors = Buffer.concat([length, header, Buffer.alloc(16)]);
    const hub = await testHub({ repos: [{ id: "org/st", files: { "model.safetensors": safetensors } }] });
    const info = await fileDownloadInfo({ repo: "org/st", path: "model.safetensors", hubUrl: hub.url });
    expect(info).toMatchObject({ size: safetensors.byteLength, xet: undefined });
    expect(info?.etag).toBe(`"${hub.repo("org/st").files.get("model.safetensors")?.sha256}"`);
    expect(await fileDownloadInfo({ repo: "org/st", path: "nope", hubUrl: hub.url })).toBeNull();
    expect(await fileExists({ repo: "org/st", path: "model.safetensors", hubUrl: hub.url })).toBe(true);
    expect(await fileExists({ repo: "org/st", path: "model.safetensors.index.json", hubUrl: hub.url })).toBe(
      false,
    );
    const parsed = await parseSafetensorsMetadata({ repo: "org/st", hubUrl: hub.url });
    expect(parsed).toMatchObject({ sharded: false, header: { w: { dtype: "F32", shape: [2, 2] } } });
    expect(hub.requests.some((r) => r.headers.range === `bytes=8-${7 + header.byteLength}`)).toBe(true);
  });
});

describe("access control", () => {
  const gated: FixtureRepo = { id: "org/gated", gated: true, files: { "w.gguf": "w" } };
  const secret: FixtureRepo = { id: "org/secret", private: true, files: { "w.gguf": "w" } };

  it("wants a token to download from gated and private repos", async () => {
    const hub = await testHub({ repos: [gated, secret] });
    const get = (path: string, token?: string) =>
      fetch(`${hub.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    const anonymous = await get("/org/gated/resolve/main/w.gguf");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-error-code")).toBe("GatedRepo");
    expect(((await anonymous.json()) as { error: string }).error).toContain("org/gated");
    expect((await get("/api/models/org/gated/tree/main")).status).toBe(200);
    expect((await get("/org/secret/resolve/main/w.gguf")).headers.get("x-error-code")).toBe("RepoNotFound");
    expect((await get("/org/gated/resolve/main/w.gguf", "hf_abc")).status).toBe(200);
    expect((await get("/org/secret/resolve/main/w.gguf", "hf_abc")).status).toBe(200);
    expect((await get("/org/gated/resolve/main/w.gguf", "abc")).status).toBe(401);
  });

  it("redirects LFS downloads to another origin that refuses a leftover Authorization", async () => {
    const hub = await testHub({ repos: [gated, repo], lfsRedirect: true });
    const redirect = await fetch(`${hub.url}/org/gated/resolve/main/w.gguf`, {
      redirect: "manual",
      headers: { Authorization: "Bearer hf_abc" },
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get("location") ?? "";
    expect(new URL(location).origin).not.toBe(hub.url);
    expect(redirect.headers.get("x-linked-size")).toBe("1");
    expect(redirect.headers.get("x-linked-etag")).toBe(
      `"${hub.repo("org/gated").files.get("w.gguf")?.sha256}"`,
    );
    expect((await fetch(location, { headers: { Authorization: "Bearer hf_abc" } })).status).toBe(400);
    // fetch drops Authorization on a cross-origin redirect, so following it works.
    const followed = await fetch(`${hub.url}/org/gated/resolve/main/w.gguf`, {
      headers: { Authorization: "Bearer hf_abc" },
    });
    expect(await followed.text()).toBe("w");
    expect(hub.requests.at(-1)).toMatchObject({ server: "cdn", status: 200 });
    expect(hub.requests.at(-1)?.headers.authorization).toBeUndefined();
    const small = await fetch(`${hub.url}/org/r/resolve/main/config.json`, { redirect: "manual" });
    expect(small.status).toBe(200);
    const info = await fileDownloadInfo({ repo: "org/r", path: "sub/w.safetensors", hubUrl: hub.url });
    expect(info).toMatchObject({ size: 300, url: `${hub.url}/org/r/resolve/main/sub/w.safetensors` });
  });
});

describe("interrupt", () => {
  it("cuts the next download after the given bytes, then serves normally", async () => {
    const hub = await testHub({ repos: [repo] });
    hub.interrupt({ path: "big.gguf", afterBytes: 1_500_000 });
    const url = `${hub.url}/org/r/resolve/main/big.gguf`;
    // A short probe is not cut and does not use the interruption up.
    expect((await fetch(url, { headers: { Range: "bytes=0-0" } })).status).toBe(206);
    const cut = await fetch(url);
    expect(cut.headers.get("content-length")).toBe("3000000");
    const reader = (cut.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += value.byteLength;
        }
      })(),
    ).rejects.toThrow();
    expect(received).toBe(1_500_000);
    const resumed = await fetch(url, { headers: { Range: `bytes=${received}-` } });
    expect(resumed.status).toBe(206);
    expect((await resumed.arrayBuffer()).byteLength).toBe(1_500_000);
  });
});

import { createHash } from "node:crypto";
import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { rawRequest } from "../test-utils/raw-request.js";
import { createTestLibrary, HF_COMMIT, HF_REPO, type TestLibrary } from "../test-utils/test-library.js";
import { writeLlmGguf } from "../test-utils/write-gguf.js";

const SECRET = "TOP-SECRET-CONTENT-OUTSIDE-THE-LIBRARY";
const COMMIT_B = "b".repeat(40);

describe("hub routes", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  let url: string;
  let llamaFile: string;
  let llamaBytes: Buffer;
  let sha: string;

  beforeAll(async () => {
    lib = await createTestLibrary();
    await writeFile(join(lib.dir, "secret.txt"), SECRET);
    // A second quantization of the pulled repo, at a later commit, from a subfolder.
    await writeLlmGguf(join(lib.dir, "in", "tiny-Q8_0.gguf"), { fileType: 7, seed: 4 });
    await lib.library.import([join(lib.dir, "in", "tiny-Q8_0.gguf")], {
      source: {
        kind: "download",
        repo: HF_REPO,
        revision: "main",
        commit: COMMIT_B,
        file: "q8/tiny-Q8_0.gguf",
      },
    });
    const llama = await lib.library.get(lib.ids.llama);
    llamaFile = llama.files[0]?.path as string;
    llamaBytes = await readFile(llamaFile);
    sha = llama.sha256;
    app = createServer({ library: lib.library, watch: false, ui: false });
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  const resolvePath = () => `/local/${lib.ids.llama}/resolve/main/Llama-Test-Q4_K_M.gguf`;

  it("answers the size probe as the client sends it", async () => {
    for (const method of ["GET", "HEAD"]) {
      const res = await rawRequest(url, resolvePath(), { method, headers: { range: "bytes=0-0" } });
      expect(res.status).toBe(206);
      expect(res.headers["content-range"]).toBe(`bytes 0-0/${llamaBytes.length}`);
      expect(res.headers.etag).toBe(`"${sha}"`);
      expect(res.headers["x-linked-etag"]).toBe(`"${sha}"`);
      expect(res.headers["x-linked-size"]).toBe(String(llamaBytes.length));
      expect(res.headers["x-repo-commit"]).toMatch(/^[0-9a-f]{40}$/);
      expect(res.headers["content-type"]).toBe("application/octet-stream");
      expect(res.body).toEqual(method === "GET" ? llamaBytes.subarray(0, 1) : Buffer.alloc(0));
    }
  });

  it("serves whole files, ranges, and the whole file when If-Range no longer matches", async () => {
    const whole = await rawRequest(url, resolvePath());
    expect(whole.status).toBe(200);
    expect(whole.body).toEqual(llamaBytes);
    expect(createHash("sha256").update(whole.body).digest("hex")).toBe(sha);
    const head = await rawRequest(url, resolvePath(), { method: "HEAD" });
    expect(head.headers["content-length"]).toBe(String(llamaBytes.length));

    const tail = await rawRequest(url, resolvePath(), { headers: { range: "bytes=10-" } });
    expect(tail.status).toBe(206);
    expect(tail.body).toEqual(llamaBytes.subarray(10));
    const resumed = await rawRequest(url, resolvePath(), {
      headers: { range: "bytes=10-", "if-range": `"${sha}"` },
    });
    expect(resumed.status).toBe(206);
    const stale = await rawRequest(url, resolvePath(), {
      headers: { range: "bytes=10-", "if-range": '"other"' },
    });
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual(llamaBytes);

    const past = await rawRequest(url, resolvePath(), { headers: { range: `bytes=${llamaBytes.length}-` } });
    expect(past.status).toBe(416);
    expect(past.headers["content-range"]).toBe(`bytes */${llamaBytes.length}`);
  });

  it("says which thing was not found, as the hub does", async () => {
    const noFile = await rawRequest(url, `/local/${lib.ids.llama}/resolve/main/other.gguf`);
    expect(noFile.status).toBe(404);
    expect(noFile.headers["x-error-code"]).toBe("EntryNotFound");
    const noRepo = await rawRequest(url, "/org/missing/resolve/main/x.gguf");
    expect(noRepo.status).toBe(404);
    expect(noRepo.headers["x-error-code"]).toBe("RepoNotFound");
    expect(JSON.parse(noRepo.body.toString())).toHaveProperty("error");
    const noRev = await rawRequest(
      url,
      `/local/${lib.ids.llama}/resolve/${"c".repeat(40)}/Llama-Test-Q4_K_M.gguf`,
    );
    expect(noRev.status).toBe(404);
    expect(noRev.headers["x-error-code"]).toBe("RevisionNotFound");
  });

  it("shows a pulled repo at its newest commit with every file, and each commit on its own", async () => {
    const info = await app.inject(`/api/models/${HF_REPO}`);
    expect(info.json()).toMatchObject({
      id: HF_REPO,
      sha: COMMIT_B,
      siblings: [{ rfilename: "q8/tiny-Q8_0.gguf" }, { rfilename: "tiny-Q4_K_M.gguf" }],
      pipeline_tag: "text-generation",
      private: false,
    });
    const old = await app.inject(`/api/models/${HF_REPO}/revision/${HF_COMMIT}`);
    expect(old.json()).toMatchObject({ sha: HF_COMMIT, siblings: [{ rfilename: "tiny-Q4_K_M.gguf" }] });
    const picked = await app.inject(`/api/models/${HF_REPO}/revision/main?expand=sha&expand=downloads`);
    expect(Object.keys(picked.json()).sort()).toEqual(["_id", "downloads", "id", "sha"]);

    const top = await app.inject(`/api/models/${HF_REPO}/tree/main`);
    expect(top.json().map((e: { type: string; path: string }) => `${e.type} ${e.path}`)).toEqual([
      "directory q8",
      "file tiny-Q4_K_M.gguf",
    ]);
    const all = await app.inject(`/api/models/${HF_REPO}/tree/main?recursive=true&expand=true`);
    const file = all.json().find((e: { path: string }) => e.path === "q8/tiny-Q8_0.gguf");
    expect(file).toMatchObject({
      type: "file",
      lfs: { oid: expect.stringMatching(/^[0-9a-f]{64}$/), size: file.size },
      oid: expect.stringMatching(/^[0-9a-f]{40}$/),
      lastCommit: { id: COMMIT_B },
    });
    const sub = await app.inject(`/api/models/${HF_REPO}/tree/main/q8`);
    expect(sub.json().map((e: { path: string }) => e.path)).toEqual(["q8/tiny-Q8_0.gguf"]);
    const missing = await app.inject(`/api/models/${HF_REPO}/tree/main/nope`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["x-error-code"]).toBe("EntryNotFound");

    const q8 = await rawRequest(url, `/${HF_REPO}/resolve/main/q8/tiny-Q8_0.gguf`, { method: "HEAD" });
    expect(q8.status).toBe(200);
    expect(q8.headers["x-repo-commit"]).toBe(COMMIT_B);
  });

  it("answers paths-info as JSON and as a form, leaving out missing paths", async () => {
    const json = await app.inject({
      method: "POST",
      url: `/api/models/${HF_REPO}/paths-info/main`,
      payload: { paths: ["tiny-Q4_K_M.gguf", "nope.gguf", "q8"], expand: true },
    });
    expect(json.statusCode).toBe(200);
    expect(json.json().map((e: { path: string; type: string }) => `${e.type} ${e.path}`)).toEqual([
      "file tiny-Q4_K_M.gguf",
      "directory q8",
    ]);
    expect(json.json()[0].lastCommit.id).toBe(COMMIT_B);
    const form = await app.inject({
      method: "POST",
      url: `/api/models/${HF_REPO}/paths-info/${HF_COMMIT}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "paths=tiny-Q4_K_M.gguf&expand=True",
    });
    expect(form.json()).toEqual([
      expect.objectContaining({
        path: "tiny-Q4_K_M.gguf",
        lastCommit: expect.objectContaining({ id: HF_COMMIT }),
      }),
    ]);
  });

  it("lists repos with search, author, filter, sort, expand and Link paging", async () => {
    const all = await app.inject("/api/models");
    expect(all.json()).toHaveLength(4);
    expect(all.json()[0]).not.toHaveProperty("siblings");
    const byAuthor = await app.inject("/api/models?author=org");
    expect(byAuthor.json().map((r: { id: string }) => r.id)).toEqual([HF_REPO]);
    const tagged = await app.inject("/api/models?filter=chat");
    expect(tagged.json().map((r: { id: string }) => r.id)).toEqual([`local/${lib.ids.qwen}`]);
    const expanded = await app.inject("/api/models?search=tiny&expand[]=sha");
    expect(expanded.json()).toEqual([{ _id: expect.any(String), id: HF_REPO, sha: COMMIT_B }]);
    const full = await app.inject("/api/models?search=tiny&full=true");
    expect(full.json()[0].siblings).toHaveLength(2);
    const sorted = await app.inject("/api/models?sort=id&direction=1");
    const ids = sorted.json().map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort());

    const first = await app.inject({ url: "/api/models?limit=3", headers: { host: "mlib.localhost:1234" } });
    expect(first.json()).toHaveLength(3);
    const link = first.headers.link as string;
    expect(link).toMatch(/^<http:\/\/mlib\.localhost:1234\/api\/models\?limit=3&cursor=[^>]+>; rel="next"$/);
    const next = new URL(link.slice(1, link.indexOf(">")));
    const second = await app.inject(`${next.pathname}${next.search}`);
    expect(second.json()).toHaveLength(1);
    expect(second.headers.link).toBeUndefined();
  });

  it("answers every path traversal attempt with a 4xx and never leaks a byte", async () => {
    const id = lib.ids.llama;
    const attempts = [
      `/local/${id}/resolve/main/../../../../secret.txt`,
      `/local/${id}/resolve/main/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt`,
      `/local/${id}/resolve/main/%252e%252e/%252e%252e/secret.txt`,
      `/local/${id}/resolve/main/..%2f..%2f..%2f..%2fsecret.txt`,
      `/local/${id}/resolve/main/..%2F..%2F..%2F..%2Fsecret.txt`,
      `/local/${id}/resolve/main//etc/passwd`,
      `/local/${id}/resolve/main/%2fetc%2fpasswd`,
      `/local/${id}/resolve/main/..%5c..%5c..%5c..%5csecret.txt`,
      `/local/${id}/resolve/main/..\\..\\..\\..\\secret.txt`,
      `/local/${id}/resolve/main/C:%5Csecret.txt`,
      `/local/${id}/resolve/main/metadata.json`,
      `/local/${id}/resolve/main/./Llama-Test-Q4_K_M.gguf`,
      `/local/${id}/resolve/main/Llama-Test-Q4_K_M.gguf%00.txt`,
      `/local/${id}/resolve/..%2f..%2f/Llama-Test-Q4_K_M.gguf`,
      `/local/..%2f..%2f..%2fsecret/resolve/main/secret.txt`,
      `/%2e%2e/%2e%2e/resolve/main/secret.txt`,
      `/api/models/local/${id}/tree/main/..%2f..%2f..`,
      `/api/models/..%2F..%2F/tree/main`,
      `/api/models/local/${id}/tree/main/%2e%2e`,
      `/api/v1/models/..%2F..%2Fsecret.txt`,
      `/api/v1/models/%2e%2e`,
      `/docs/static/..%2f..%2f..%2f..%2fsecret.txt`,
      `/docs/static/%2e%2e/%2e%2e/%2e%2e/package.json`,
    ];
    expect(attempts.length).toBeGreaterThanOrEqual(15);
    for (const path of attempts) {
      const res = await rawRequest(url, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body.toString(), path).not.toContain(SECRET);
      expect(res.body.toString(), path).not.toContain("root:");
    }
    for (const paths of [
      ["../../secret.txt"],
      ["/etc/passwd"],
      ["a\\..\\..\\secret.txt"],
      ["q8/../../secret.txt"],
    ]) {
      const res = await app.inject({
        method: "POST",
        url: `/api/models/${HF_REPO}/paths-info/main`,
        payload: { paths },
      });
      expect(res.statusCode, paths[0]).toBe(400);
    }
  });

  it("refuses a model file replaced by a symlink out of the library, and a file changed on disk", async () => {
    const secretCopy = join(lib.dir, "outside-copy.gguf");
    await writeFile(secretCopy, llamaBytes);
    await rm(llamaFile);
    await symlink(secretCopy, llamaFile);
    try {
      const res = await rawRequest(url, resolvePath());
      expect(res.status).toBe(403);
      expect(res.body.toString()).not.toContain("GGUF");
    } finally {
      await rm(llamaFile);
      await writeFile(llamaFile, llamaBytes);
    }
    const qwen = await lib.library.get(lib.ids.qwen);
    const qwenFile = qwen.files[0]?.path as string;
    const qwenBytes = await readFile(qwenFile);
    await writeFile(qwenFile, Buffer.concat([qwenBytes, Buffer.from("more")]));
    try {
      const res = await rawRequest(url, `/local/${lib.ids.qwen}/resolve/main/Qwen-Test-Q8_0.gguf`);
      expect(res.status).toBe(409);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: "FILE_CHANGED" });
    } finally {
      await writeFile(qwenFile, qwenBytes);
    }
    expect((await rawRequest(url, resolvePath())).status).toBe(200);
  });
});

import { mkdtemp, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadFileToCacheDir, listModels, modelInfo, snapshotDownload } from "@huggingface/hub";
import { verifyCache } from "@ml/integrity";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, HF_COMMIT, HF_REPO, type TestLibrary } from "../test-utils/test-library.js";

// The real @huggingface/hub client against the server: what it downloads into a fresh cache
// must verify byte for byte.
describe("hub API with the real @huggingface/hub client", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;
  let hubUrl: string;
  let cacheDir: string;

  beforeAll(async () => {
    // The client logs every download with console.debug.
    vi.spyOn(console, "debug").mockImplementation(() => {});
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, ui: false });
    hubUrl = await app.listen({ host: "127.0.0.1", port: 0 });
    cacheDir = await mkdtemp(join(tmpdir(), "mlib-hf-cache-"));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await app.close();
    await lib.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("lists the library's models, pulled ones under their repo and the others under local/", async () => {
    const names: string[] = [];
    for await (const model of listModels({ hubUrl, additionalFields: ["sha"] }))
      names.push(`${model.name} ${model.sha}`);
    expect(names).toContain(`${HF_REPO} ${HF_COMMIT}`);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^local/${lib.ids.llama} [0-9a-f]{40}$`)),
        expect.stringMatching(new RegExp(`^local/${lib.ids.qwen} [0-9a-f]{40}$`)),
      ]),
    );
    expect(names).toHaveLength(4);

    const found: string[] = [];
    for await (const model of listModels({ hubUrl, search: { query: "qwen" } })) found.push(model.name);
    expect(found).toEqual([`local/${lib.ids.qwen}`]);

    // Paging by Link header: one repo per page, all four seen.
    const paged: string[] = [];
    const fetchOnePerPage: typeof fetch = (input, init) =>
      fetch(String(input).replace(/limit=\d+/, "limit=1"), init);
    for await (const model of listModels({ hubUrl, fetch: fetchOnePerPage })) paged.push(model.name);
    expect(paged.sort()).toEqual(names.map((n) => n.split(" ")[0]).sort());
  });

  it("gives model info with the commit and the files", async () => {
    const info = await modelInfo({ name: HF_REPO, hubUrl, additionalFields: ["sha", "filePaths"] });
    expect(info.sha).toBe(HF_COMMIT);
    expect(info.filePaths).toEqual(["tiny-Q4_K_M.gguf"]);
    await expect(modelInfo({ name: "org/nothing-here", hubUrl })).rejects.toThrow();
  });

  it("downloads files into a fresh cache that verifies deeply", async () => {
    const pointer = await downloadFileToCacheDir({
      repo: HF_REPO,
      path: "tiny-Q4_K_M.gguf",
      hubUrl,
      cacheDir,
    });
    expect(pointer).toBe(
      join(cacheDir, "models--org--tiny-GGUF", "snapshots", HF_COMMIT, "tiny-Q4_K_M.gguf"),
    );
    const record = await lib.library.get(lib.ids.hf);
    expect(await readlink(pointer)).toBe(`../../blobs/${record.sha256}`);
    expect(await readFile(pointer)).toEqual(await readFile(record.files[0]?.path as string));

    for (const id of [lib.ids.llama, lib.ids.qwen, lib.ids.unknown]) {
      const folder = await snapshotDownload({ repo: `local/${id}`, hubUrl, cacheDir });
      const local = await lib.library.get(id);
      expect(await readFile(join(folder, local.files[0]?.name as string))).toEqual(
        await readFile(local.files[0]?.path as string),
      );
    }
    const snapshot = await snapshotDownload({ repo: HF_REPO, hubUrl, cacheDir });
    expect(snapshot).toBe(join(cacheDir, "models--org--tiny-GGUF", "snapshots", HF_COMMIT));

    const report = await verifyCache(cacheDir, { deep: true });
    expect(report.files).toHaveLength(4);
    expect(report.files.map((f) => f.status)).toEqual(["verified", "verified", "verified", "verified"]);
    expect(report.verified).toBe(4);
    expect(report.corrupt).toBe(0);
    expect(report.unverifiable).toBe(0);
  });
});

import { open, rm, truncate } from "node:fs/promises";
import { join } from "node:path";
import type { ProgressEvent } from "@ml/progress";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import { tempDir, writeLlmGguf, writeSafetensorsShards } from "../test-utils/library-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
let library: ModelLibrary;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  library = await ModelLibrary.open(join(dir, "library"), { create: true });
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

async function importOne(name: string, mode: "copy" | "in-place" = "copy") {
  const { imported } = await library.import(await writeLlmGguf(join(dir, "src", `${name}.gguf`)), { mode });
  return library.get(imported[0]?.id as string);
}

async function flipByte(path: string, position: number): Promise<void> {
  const handle = await open(path, "r+");
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, position);
  byte[0] = (byte[0] as number) ^ 0xff;
  await handle.write(byte, 0, 1, position);
  await handle.close();
}

describe("verify", () => {
  it("says ok for intact models and reports progress", async () => {
    await importOne("A-Q4_K_M");
    const { imported } = await library.import(
      await writeSafetensorsShards(join(dir, "set"), 2).then((f) => f[0] as string),
    );
    const events: ProgressEvent[] = [];
    const report = await library.verify(undefined, { onProgress: (e) => events.push(e) });
    expect(report).toMatchObject({ ok: 2, corrupt: 0, missing: 0 });
    const set = report.models.find((m) => m.id === imported[0]?.id);
    expect(set?.files.map((f) => f.status)).toEqual(["ok", "ok", "ok"]);
    expect(events[0]?.type).toBe("started");
    expect(events.filter((e) => e.type === "file_completed")).toHaveLength(4);
    expect(events.at(-1)?.type).toBe("completed");
  });

  it("finds a changed byte, a truncated file and a deleted file", async () => {
    const flipped = await importOne("A-Q4_K_M");
    const cut = await importOne("B-Q4_K_M");
    const gone = await importOne("C-Q4_K_M");
    const fine = await importOne("D-Q4_K_M");
    await flipByte(flipped.files[0]?.path as string, 40_000);
    await truncate(cut.files[0]?.path as string, 100);
    await rm(gone.files[0]?.path as string);
    const report = await library.verify();
    const status = Object.fromEntries(report.models.map((m) => [m.id, m]));
    expect(status[flipped.id]).toMatchObject({
      status: "corrupt",
      files: [{ problem: "sha256, blake3 differs" }],
    });
    expect(status[cut.id]).toMatchObject({
      status: "corrupt",
      files: [{ problem: expect.stringMatching(/^size 100 != /) }],
    });
    expect(status[gone.id]).toMatchObject({ status: "missing", files: [{ problem: "no such file" }] });
    expect(status[fine.id]?.status).toBe("ok");
    expect(report).toMatchObject({ ok: 1, corrupt: 2, missing: 1 });
  });

  it("checks only the models asked for, by id prefix, in place ones at their external path", async () => {
    const a = await importOne("A-Q4_K_M", "in-place");
    await importOne("B-Q4_K_M");
    await rm(a.files[0]?.external_path as string);
    const report = await library.verify([a.id.slice(0, 14)]);
    expect(report.models).toEqual([
      expect.objectContaining({
        id: a.id,
        status: "missing",
        files: [expect.objectContaining({ path: join(dir, "src", "A-Q4_K_M.gguf") })],
      }),
    ]);
  });

  it("reports a model whose folder vanished as missing", async () => {
    const a = await importOne("A-Q4_K_M");
    await rm(a.folder, { recursive: true });
    const report = await library.verify();
    expect(report.models[0]).toMatchObject({
      id: a.id,
      status: "missing",
      problem: expect.stringMatching(/is gone/),
    });
  });
});

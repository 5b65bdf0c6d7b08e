import { appendFile, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelLibrary } from "../store/model-library.js";
import type { ModelRecord } from "../store/model-record.js";
import { tempDir, writeLlmGguf } from "../test-utils/library-fixtures.js";
import { checkPayloadChange } from "./check-payload-change.js";

let dir: string;
let cleanup: () => Promise<void>;
let library: ModelLibrary;
let model: ModelRecord;
let payload: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  library = await ModelLibrary.open(join(dir, "library"), { create: true });
  const { imported } = await library.import(await writeLlmGguf(join(dir, "src", "Alpha-Q4_K_M.gguf")));
  model = await library.get(imported[0]?.id as string);
  payload = model.files[0]?.path as string;
});
afterEach(async () => {
  await library.close();
  await cleanup();
});

describe("checkPayloadChange", () => {
  it("finds nothing in a model as imported, nor in files that are not payload files", async () => {
    expect(await checkPayloadChange(model.folder, payload)).toBeNull();
    await writeFile(join(model.folder, "README.md"), "notes");
    expect(await checkPayloadChange(model.folder, join(model.folder, "README.md"))).toBeNull();
    expect(await checkPayloadChange(model.folder, join(model.folder, "metadata.json"))).toBeNull();
  });

  it("flags a payload file that grew, was rewritten at the same size, or is gone", async () => {
    const bytes = await readFile(payload);
    await appendFile(payload, "more");
    expect(await checkPayloadChange(model.folder, payload)).toEqual({
      id: model.id,
      reason: `${bytes.length + 4} bytes, metadata.json says ${bytes.length}`,
    });

    await writeFile(
      payload,
      bytes.map((b) => b ^ 1),
    );
    const later = new Date(Date.now() + 60_000);
    await utimes(payload, later, later);
    expect(await checkPayloadChange(model.folder, payload)).toEqual({
      id: model.id,
      reason: "written after it was hashed (same size; run verify)",
    });

    await rm(payload);
    expect(await checkPayloadChange(model.folder, payload)).toEqual({
      id: model.id,
      reason: "the file is missing",
    });
  });

  it("leaves a folder whose metadata.json is damaged to the refresh", async () => {
    await writeFile(join(model.folder, "metadata.json"), "{");
    expect(await checkPayloadChange(model.folder, payload)).toBeNull();
  });
});

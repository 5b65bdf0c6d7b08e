import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { hex, sampleMetadata } from "../test-utils/sample-metadata.js";
import { LibraryError } from "./library-error.js";
import { readMetadata } from "./read-metadata.js";
import { readOverrides } from "./read-overrides.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function writeMetadata(value: unknown): Promise<string> {
  const folder = join(dir, "model");
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "metadata.json"), typeof value === "string" ? value : JSON.stringify(value));
  return folder;
}

describe("readMetadata", () => {
  it("reads a valid file and keeps keys it does not know", async () => {
    const folder = await writeMetadata({ ...sampleMetadata(), future_field: 1 });
    const metadata = await readMetadata(folder);
    expect(metadata).toMatchObject({ id: "llama-3-8b-aaaaaaaa", quantization: "Q4_K_M" });
    expect((metadata as Record<string, unknown>).future_field).toBe(1);
  });

  it("fills optional fields with their defaults", async () => {
    const { tags, notes, shards, unsafe, official_name, ...essential } = sampleMetadata();
    const metadata = await readMetadata(await writeMetadata(essential));
    expect(metadata).toMatchObject({ tags: [], notes: "", shards: null, unsafe: null, official_name: null });
  });

  it.each([
    ["not JSON", "{ nope", /metadata\.json: not valid JSON/],
    [
      "a bad hash",
      { ...sampleMetadata(), sha256: "xyz" },
      /metadata\.json: sha256: must be 64 lowercase hex/,
    ],
    [
      "a file name that climbs out",
      sampleMetadata({ files: [{ name: "../../etc/passwd", size: 1, sha256: hex("a"), blake3: hex("a") }] }),
      /files\.0\.name: must be a relative path/,
    ],
    [
      "a reserved file name",
      sampleMetadata({ files: [{ name: "metadata.json", size: 1, sha256: hex("a"), blake3: hex("a") }] }),
      /reserved/,
    ],
    ["an unknown type", { ...sampleMetadata(), type: "spaceship" }, /type:/],
    [
      "a newer schema",
      { ...sampleMetadata(), schema_version: 2 },
      /schema_version 2 was written by a newer mlib/,
    ],
    ["an array", "[]", /metadata\.json:/],
  ])("refuses %s with BAD_METADATA naming the file", async (_label, content, message) => {
    const folder = await writeMetadata(content);
    const error = await readMetadata(folder).catch((e) => e);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error.code).toBe("BAD_METADATA");
    expect(error.path).toBe(join(folder, "metadata.json"));
    expect(error.message).toMatch(message);
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("says NOT_FOUND when there is no metadata.json", async () => {
    await expect(readMetadata(dir)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("readOverrides", () => {
  it("is empty without overrides.json", async () => {
    expect(await readOverrides(dir)).toEqual({});
  });

  it("reads the user's edits", async () => {
    await writeFile(join(dir, "overrides.json"), JSON.stringify({ name: "Mine", tags: ["a"] }));
    expect(await readOverrides(dir)).toEqual({ name: "Mine", tags: ["a"] });
  });

  it("refuses an unknown key (a typo must not be ignored)", async () => {
    await writeFile(join(dir, "overrides.json"), JSON.stringify({ nmae: "Mine" }));
    await expect(readOverrides(dir)).rejects.toMatchObject({ code: "BAD_OVERRIDES", message: /nmae/ });
  });
});

import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test-utils/library-fixtures.js";
import { chooseModelFolder, modelFamily } from "./model-folder.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe("modelFamily", () => {
  it("is the architecture, else the base model, else unknown", () => {
    expect(modelFamily("Qwen2", "X")).toBe("qwen2");
    expect(modelFamily(null, "SDXL 1.0")).toBe("sdxl 1.0");
    expect(modelFamily(null, null)).toBe("unknown");
    expect(modelFamily("../evil", null)).toBe("-evil");
  });
});

describe("chooseModelFolder", () => {
  it("is <root>/<type>/<family>/<name>, numbered when taken", async () => {
    const first = await chooseModelFolder(dir, "llm", "llama", "Llama-3-Q4_K_M");
    expect(first).toBe(join(dir, "llm", "llama", "Llama-3-Q4_K_M"));
    await mkdir(first, { recursive: true });
    const second = await chooseModelFolder(dir, "llm", "llama", "Llama-3-Q4_K_M");
    expect(second).toBe(join(dir, "llm", "llama", "Llama-3-Q4_K_M-2"));
    await mkdir(second);
    expect(await chooseModelFolder(dir, "llm", "llama", "Llama-3-Q4_K_M")).toBe(`${first}-3`);
  });

  it("keeps the counter on names at the length limit", async () => {
    const long = "n".repeat(200);
    const first = await chooseModelFolder(dir, "llm", "x", long);
    expect(Buffer.byteLength(basename(first))).toBeLessThanOrEqual(120);
    await mkdir(first, { recursive: true });
    const second = await chooseModelFolder(dir, "llm", "x", long);
    expect(basename(second)).toMatch(/-2$/);
  });

  it("makes names safe on every file system", async () => {
    expect(basename(await chooseModelFolder(dir, "llm", "x", 'a<b>:c"/d'))).toBe("a-b-c-d");
  });
});

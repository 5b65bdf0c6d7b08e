import { createHash } from "node:crypto";
import { patternBytes } from "@ml-tooling/fixture-hub";
import { describe, expect, it } from "vitest";
import { lookupSource } from "./lookup-source.js";
import { hubFetchFor, testHub } from "./test-utils/test-hub.js";

const local = patternBytes(21, 0, 50_000);
const localSha = createHash("sha256").update(local).digest("hex");

describe("lookupSource", () => {
  it("confirms the repo whose file has the same sha256 and ranks look-alikes for review", async () => {
    const hub = await testHub({
      repos: [
        {
          id: "bartowski/Tiny-Chat-7B-GGUF",
          files: { "Tiny-Chat-7B-Q4_K_M.gguf": { content: local } },
          info: { downloads: 10 },
        },
        {
          id: "other/Tiny-Chat-7B-GGUF",
          files: { "Tiny-Chat-7B-Q4_K_M.gguf": { size: 50_000, seed: 3 } },
          info: { downloads: 99 },
        },
        {
          id: "third/Tiny-Chat-7B",
          files: { "model.safetensors": { size: 50_000, seed: 4 }, "README.md": "x" },
        },
        { id: "unrelated/Other-GGUF", files: { "other-Q4_K_M.gguf": { content: local } } },
      ],
    });
    const found = await lookupSource(
      { baseName: "Tiny-Chat-7B-Q4_K_M.gguf", sha256: localSha, size: local.byteLength },
      { hub: hubFetchFor(hub) },
    );
    expect(found.query).toBe("Tiny-Chat-7B");
    expect(found.candidates.map((c) => [c.repo, c.certain, c.needsReview])).toEqual([
      ["bartowski/Tiny-Chat-7B-GGUF", true, false],
      ["other/Tiny-Chat-7B-GGUF", false, true],
    ]);
    expect(found.candidates[0]).toMatchObject({
      path: "Tiny-Chat-7B-Q4_K_M.gguf",
      revision: "main",
      commit: hub.repo("bartowski/Tiny-Chat-7B-GGUF").commit,
      sha256: localSha,
      score: 1,
    });
    expect(found.candidates[1]?.reasons).toEqual([
      "name similarity 1.00",
      "same size",
      "sha256 differs from main (an older revision, or another file)",
    ]);

    const guess = await lookupSource(
      { baseName: "tiny-chat-7b-q4_k_m.gguf", size: 50_000 },
      { hub: hubFetchFor(hub) },
    );
    expect(guess.candidates.every((c) => c.needsReview && !c.certain)).toBe(true);
    expect(guess.candidates.map((c) => c.repo)).toEqual([
      "bartowski/Tiny-Chat-7B-GGUF",
      "other/Tiny-Chat-7B-GGUF",
    ]);
  });
});

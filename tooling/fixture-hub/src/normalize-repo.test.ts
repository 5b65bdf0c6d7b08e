import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FixtureHubError } from "./fixture-hub-error.js";
import { normalizeRepo } from "./normalize-repo.js";
import { tempDir } from "./test-utils/temp-dir.js";
import type { FixtureRepo } from "./types.js";

function failure(repo: unknown): FixtureHubError {
  try {
    normalizeRepo(repo as FixtureRepo);
  } catch (error) {
    if (error instanceof FixtureHubError) return error;
    throw error;
  }
  throw new Error("expected a FixtureHubError");
}

describe("normalizeRepo", () => {
  it("applies defaults", () => {
    const repo = normalizeRepo({ id: "org/a", files: { "x.txt": "x" }, gated: true });
    expect(repo).toMatchObject({
      type: "model",
      revision: "main",
      gated: "manual",
      private: false,
      info: {},
    });
  });

  it.each([
    [{ id: "datasets/org/a", files: {} }, "INVALID_REPO", /use `type`/],
    [{ id: "org/../a", files: {} }, "INVALID_REPO", /id must be/],
    [{ id: "org/a", type: "bucket", files: {} }, "INVALID_REPO", /type must be/],
    [{ id: "org/a", revision: "a//b", files: {} }, "INVALID_REPO", /bad revision/],
    [{ id: "org/a", commit: "abc", files: {} }, "INVALID_REPO", /commit must be/],
    [{ id: "org/a", files: { "../x": "" } }, "INVALID_FILE", /bad file path "..\/x"/],
    [{ id: "org/a", files: { "/x": "" } }, "INVALID_FILE", /bad file path/],
    [{ id: "org/a", files: { a: "", "a/b": "" } }, "INVALID_FILE", /a is both a file and a folder/],
    [{ id: "org/a", files: { x: { size: -1 } } }, "INVALID_FILE", /file "x": size must be/],
    [{ id: "org/a", files: { x: { size: 1, fill: 256 } } }, "INVALID_FILE", /fill must be/],
    [{ id: "org/a", files: { x: { content: "a", sha256: "0".repeat(64) } } }, "INVALID_FILE", /sha256/],
    [{ id: "org/a", files: { x: 5 } }, "INVALID_FILE", /expected a string/],
  ])("rejects %j", (repo, code, message) => {
    const error = failure(repo);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain("fixture repo");
  });

  it("names a disk file that cannot be served", async () => {
    const missing = join(await tempDir(), "missing.bin");
    const error = failure({ id: "org/a", files: { "m.bin": { path: missing } } });
    expect(error.code).toBe("INVALID_FILE");
    expect(error.message).toContain(missing);
  });
});

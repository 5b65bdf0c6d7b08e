import { describe, expect, it } from "vitest";
import { makeModel } from "./test-utils/make-model.js";
import { validateModel } from "./validate-model.js";

describe("validateModel", () => {
  it("fills every optional field with null and drops unknown keys", () => {
    const doc = { ...makeModel({ id: "a", tags: ["x"] }), extra: 1 };
    const out = validateModel(doc, "/i.db");
    expect(out).toMatchObject({
      id: "a",
      officialName: null,
      quantization: null,
      parameterCount: null,
      tags: ["x"],
    });
    expect(out).not.toHaveProperty("extra");
    expect(Object.keys(out)).toHaveLength(23);
    expect(out.tags).not.toBe(doc.tags);
  });

  it.each([
    [{ id: "" }, 'model "": id must be a non-empty string'],
    [{ name: 3 }, 'model "m": name must be a string'],
    [{ path: undefined }, 'model "m": path must be a string'],
    [{ architecture: 1 }, 'model "m": architecture must be a string or null'],
    [{ size: -1 }, 'model "m": size must be a finite number >= 0'],
    [{ size: Number.NaN }, 'model "m": size must be a finite number >= 0'],
    [
      { contextLength: Number.POSITIVE_INFINITY },
      'model "m": contextLength must be a finite number >= 0 or null',
    ],
    [{ tags: "chat" }, 'model "m": tags must be an array of strings'],
    [{ tags: ["a", 1] }, 'model "m": tags must be an array of strings'],
    [{ source: "copy" }, 'model "m": source must be one of import, download, adopt'],
    [{ addedAt: "yesterday" }, 'model "m": addedAt must be an ISO 8601 time'],
  ])("rejects %j", (patch, message) => {
    const doc = { ...makeModel({ id: "m" }), ...patch };
    expect(() => validateModel(doc, "/lib/i.db")).toThrow(
      expect.objectContaining({ code: "INVALID_DOCUMENT", message: `/lib/i.db: ${message}` }),
    );
  });

  it("replaces the facet mark U+E000 in searchable text", () => {
    const out = validateModel(
      makeModel({ id: "a", name: "x\uE000y", tags: ["\uE000t"], notes: "\uE000" }),
      "/i",
    );
    expect(out).toMatchObject({ name: "x\uFFFDy", tags: ["\uFFFDt"], notes: "\uFFFD" });
  });

  it("rejects what is not an object", () => {
    for (const bad of [null, 1, "x", []]) {
      expect(() => validateModel(bad, "/i.db")).toThrow("/i.db: model: not an object");
    }
  });
});

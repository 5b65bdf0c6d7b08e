import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { insertNameSuffix } from "./insert-name-suffix.js";

describe("insertNameSuffix", () => {
  it("goes before the extension and the shard pattern", () => {
    expect(insertNameSuffix("model.safetensors", "-mlib")).toBe("model-mlib.safetensors");
    expect(insertNameSuffix("q-00001-of-00003.gguf", "-ab12")).toBe("q-ab12-00001-of-00003.gguf");
    expect(insertNameSuffix("unet/diffusion_pytorch_model.safetensors", "-x")).toBe(
      "unet/diffusion_pytorch_model-x.safetensors",
    );
    expect(insertNameSuffix("README", "-x")).toBe("README-x");
    expect(insertNameSuffix(".gguf", "-x")).toBe(".gguf-x");
    expect(insertNameSuffix("a.b", "")).toBe("a.b");
  });

  it("keeps the extension and shard numbers of any name", () => {
    const stem = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/).filter((s) => !s.startsWith("."));
    fc.assert(
      fc.property(stem, fc.integer({ min: 1, max: 99 }), (name, n) => {
        const shard = `${name}-${String(n).padStart(5, "0")}-of-00099.gguf`;
        const out = insertNameSuffix(shard, "-mlib");
        expect(out.endsWith(`-${String(n).padStart(5, "0")}-of-00099.gguf`)).toBe(true);
        expect(out).toContain("-mlib-");
      }),
    );
  });
});

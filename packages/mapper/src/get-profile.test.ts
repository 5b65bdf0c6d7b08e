import { describe, expect, it } from "vitest";
import { getProfile, listProfiles } from "./get-profile.js";
import { MapperError } from "./mapper-error.js";

describe("getProfile", () => {
  it("finds every built-in profile by id, forgiving case and separators", () => {
    expect(listProfiles().map((p) => p.id)).toEqual([
      "comfyui",
      "a1111",
      "forge",
      "lmstudio",
      "ollama",
      "llamacpp",
    ]);
    expect(getProfile("ComfyUI").name).toBe("ComfyUI");
    expect(getProfile("LM Studio").id).toBe("lmstudio");
    expect(getProfile("llama.cpp").id).toBe("llamacpp");
  });

  it("names the known apps when it does not know one", () => {
    expect(() => getProfile("fooocus")).toThrow(
      new MapperError(
        "UNKNOWN_APP",
        'unknown app "fooocus": known apps are comfyui, a1111, forge, lmstudio, ollama, llamacpp',
      ),
    );
  });

  it("every profile has rules, methods and a target description", () => {
    for (const p of listProfiles()) {
      expect(p.rules.length).toBeGreaterThan(0);
      expect(p.methods.length).toBeGreaterThan(0);
      expect(p.methods).toContain("copy");
      expect(p.target.length).toBeGreaterThan(3);
    }
    expect(getProfile("ollama").methods).not.toContain("symlink");
  });
});

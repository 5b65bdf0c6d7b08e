import { describe, expect, it } from "vitest";
import { chooseMethods } from "./choose-methods.js";
import type { LinkProbe } from "./plan.js";
import { comfyui } from "./profiles/comfyui.js";
import { ollama } from "./profiles/ollama.js";

const probe = (over: Partial<LinkProbe>): LinkProbe => ({
  sourceDev: 1,
  targetDev: 2,
  dir: "/t",
  reflink: false,
  hardlink: false,
  symlink: true,
  reasons: { reflink: "ENOTSUP", hardlink: "EXDEV" },
  ...over,
});

describe("chooseMethods", () => {
  it("auto keeps the profile's order without what the probe refused", () => {
    expect(chooseMethods("auto", comfyui, probe({}))).toEqual({ methods: ["symlink", "copy"] });
    expect(chooseMethods("auto", comfyui, probe({ hardlink: true }))).toEqual({
      methods: ["hardlink", "symlink", "copy"],
    });
    expect(chooseMethods("auto", comfyui, probe({ reflink: true, hardlink: true }))).toEqual({
      methods: ["reflink", "hardlink", "symlink", "copy"],
    });
    expect(chooseMethods("auto", ollama, probe({}))).toEqual({ methods: ["copy"] });
    expect(chooseMethods("config", comfyui, probe({ hardlink: true }))).toEqual({
      methods: ["hardlink", "symlink", "copy"],
    });
  });

  it("a forced method works or says why not", () => {
    expect(chooseMethods("copy", comfyui, probe({}))).toEqual({ methods: ["copy"] });
    expect(chooseMethods("symlink", comfyui, probe({}))).toEqual({ methods: ["symlink"] });
    expect(chooseMethods("hardlink", comfyui, probe({}))).toEqual({
      unsupported: "hardlink impossible into /t (EXDEV: another file system)",
    });
    expect(chooseMethods("reflink", comfyui, probe({}))).toEqual({
      unsupported: "reflink impossible into /t (ENOTSUP)",
    });
  });
});

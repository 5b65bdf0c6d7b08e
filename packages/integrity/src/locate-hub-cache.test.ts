import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locateHubCache } from "./locate-hub-cache.js";

const HOME = "/home/ada";

describe("locateHubCache", () => {
  it("prefers HF_HUB_CACHE over everything else", () => {
    const env = { HOME, HF_HUB_CACHE: "/data/hub", HF_HOME: "/hf", XDG_CACHE_HOME: "/xdg" };
    expect(locateHubCache(env)).toBe("/data/hub");
  });

  it("honours the legacy HUGGINGFACE_HUB_CACHE before HF_HOME", () => {
    expect(locateHubCache({ HOME, HUGGINGFACE_HUB_CACHE: "/legacy", HF_HOME: "/hf" })).toBe("/legacy");
  });

  it("uses HF_HOME/hub when no hub cache is named", () => {
    expect(locateHubCache({ HOME, HF_HOME: "/hf", XDG_CACHE_HOME: "/xdg" })).toBe("/hf/hub");
  });

  it("falls back to XDG_CACHE_HOME/huggingface/hub, then ~/.cache/huggingface/hub", () => {
    expect(locateHubCache({ HOME, XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/huggingface/hub");
    expect(locateHubCache({ HOME })).toBe("/home/ada/.cache/huggingface/hub");
  });

  it("uses the OS home folder when HOME is unset", () => {
    expect(locateHubCache({})).toBe(path.join(os.homedir(), ".cache", "huggingface", "hub"));
  });

  it("expands a leading tilde and environment variables like huggingface_hub", () => {
    expect(locateHubCache({ HOME, HF_HOME: "~/hf" })).toBe("/home/ada/hf/hub");
    expect(locateHubCache({ HOME, HF_HUB_CACHE: "~" })).toBe(HOME);
    expect(locateHubCache({ HOME, DISK: "/mnt/big", HF_HUB_CACHE: "$DISK/hub" })).toBe("/mnt/big/hub");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style ${VAR}, as users write it
    expect(locateHubCache({ HOME, DISK: "/mnt/big", HF_HOME: "${DISK}/hf" })).toBe("/mnt/big/hf/hub");
    expect(locateHubCache({ HOME, XDG_CACHE_HOME: "~/c" })).toBe("/home/ada/c/huggingface/hub");
  });

  it("leaves unknown variables and ~user untouched", () => {
    expect(locateHubCache({ HOME, HF_HUB_CACHE: "/x/$NOPE/hub" })).toBe("/x/$NOPE/hub");
    expect(locateHubCache({ HOME, HF_HUB_CACHE: "~bob/hub" })).toBe(path.resolve("~bob/hub"));
  });

  it("treats empty variables as unset and makes relative values absolute", () => {
    expect(locateHubCache({ HOME, HF_HUB_CACHE: "", HF_HOME: "" })).toBe("/home/ada/.cache/huggingface/hub");
    expect(locateHubCache({ HOME, HF_HUB_CACHE: "rel/hub" })).toBe(path.resolve("rel/hub"));
  });
});

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveHfConfig } from "./resolve-hf-config.js";
import { tempDir } from "./test-utils/temp-dir.js";

describe("resolveHfConfig", () => {
  it("defaults like the official clients: huggingface.co, ~/.cache/huggingface, online", async () => {
    const home = await tempDir();
    expect(resolveHfConfig({ HOME: home })).toEqual({
      endpoint: "https://huggingface.co",
      offline: false,
      cacheDir: join(home, ".cache", "huggingface", "hub"),
    });
    expect(resolveHfConfig({ HOME: home, XDG_CACHE_HOME: "/xdg" }).cacheDir).toBe("/xdg/huggingface/hub");
  });

  it("honours HF_ENDPOINT, HF_TOKEN, the token file, HF_HUB_OFFLINE, HF_HOME and HF_HUB_CACHE", async () => {
    const home = await tempDir();
    const hfHome = join(home, "hf");
    await mkdir(hfHome);
    await writeFile(join(hfHome, "token"), "hf_fromfile\n");
    const base = { HOME: home, HF_HOME: hfHome };
    expect(resolveHfConfig({ ...base, HF_ENDPOINT: "http://127.0.0.1:9/mirror/" })).toMatchObject({
      endpoint: "http://127.0.0.1:9/mirror",
      token: "hf_fromfile",
      cacheDir: join(hfHome, "hub"),
    });
    expect(resolveHfConfig({ ...base, HF_TOKEN: "hf_env", HF_HUB_CACHE: "/c" })).toMatchObject({
      token: "hf_env",
      cacheDir: "/c",
    });
    for (const on of ["1", "true", "YES", " on "])
      expect(resolveHfConfig({ ...base, HF_HUB_OFFLINE: on }).offline).toBe(true);
    for (const off of ["0", "false", "", "no"])
      expect(resolveHfConfig({ ...base, HF_HUB_OFFLINE: off }).offline).toBe(false);
    await mkdir(join(home, ".cache", "huggingface"), { recursive: true });
    await writeFile(join(home, ".cache", "huggingface", "token"), "hf_default");
    expect(resolveHfConfig({ HOME: home }).token).toBe("hf_default");
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    for (const bad of ["ftp://x", "not a url", "http://x/?q=1"]) {
      expect(() => resolveHfConfig({ HF_ENDPOINT: bad })).toThrow(
        expect.objectContaining({ code: "BAD_CONFIG", message: expect.stringContaining("HF_ENDPOINT") }),
      );
    }
  });
});

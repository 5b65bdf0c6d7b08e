import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempDirs } from "./test-utils/temp-dirs.js";
import { SECTION_MARKER, updateExtraModelPaths } from "./update-extra-model-paths.js";

const USER = `# my settings, keep this comment
comfyui:
  base_path: /mnt/models   # the big disk
  checkpoints: checkpoints/
  loras: |
    loras
    more-loras

# second install
other:
  vae: /x/vae
`;

describe("updateExtraModelPaths", () => {
  const tmp = tempDirs();

  it("adds our section and leaves the user's sections and comments byte for byte", async () => {
    const file = path.join(await tmp(), "extra_model_paths.yaml");
    await writeFile(file, USER);
    const value = { base_path: "/lib/.mlib/farm", checkpoints: "checkpoints", loras: "loras" };
    expect(await updateExtraModelPaths(file, "mlib", value)).toBe("written");
    const text = await readFile(file, "utf8");
    expect(text.startsWith(USER)).toBe(true);
    expect(text).toContain(`#${SECTION_MARKER}\nmlib:\n`);
    expect(parse(text).mlib).toEqual(value);
    expect(await updateExtraModelPaths(file, "mlib", { ...value })).toBe("unchanged");

    expect(await updateExtraModelPaths(file, "mlib", { ...value, is_default: true, vae: "vae" })).toBe(
      "written",
    );
    expect(parse(await readFile(file, "utf8")).mlib).toEqual({ ...value, is_default: true, vae: "vae" });

    expect(await updateExtraModelPaths(file, "mlib", null)).toBe("written");
    expect(await readFile(file, "utf8")).toBe(USER);
    expect(await updateExtraModelPaths(file, "mlib", null)).toBe("unchanged");
  });

  it("creates the file when missing and deletes it when our section was all it held", async () => {
    const file = path.join(await tmp(), "extra_model_paths.yaml");
    expect(await updateExtraModelPaths(file, "mlib", null)).toBe("unchanged");
    await updateExtraModelPaths(file, "mlib", { base_path: "/farm", loras: "loras" });
    expect(parse(await readFile(file, "utf8"))).toEqual({ mlib: { base_path: "/farm", loras: "loras" } });
    expect(await updateExtraModelPaths(file, "mlib", null)).toBe("removed-file");
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it("keeps a file that does not parse untouched", async () => {
    const file = path.join(await tmp(), "extra_model_paths.yaml");
    await writeFile(file, "bad: [\n");
    await expect(updateExtraModelPaths(file, "mlib", { base_path: "/farm" })).rejects.toThrow(
      /not valid YAML/,
    );
    expect(await readFile(file, "utf8")).toBe("bad: [\n");
  });

  it("replaces our section where it stands, and falls back to the Document API for flow style", async () => {
    const dir = await tmp();
    const file = path.join(dir, "extra_model_paths.yaml");
    const before = "a:\n  loras: x   # keep my spacing\n";
    const after = "zz:\n  vae: y\n";
    await writeFile(file, `${before}#${SECTION_MARKER}\nmlib:\n  base_path: /old\n${after}`);
    await updateExtraModelPaths(file, "mlib", { base_path: "/new", loras: "loras" });
    expect(await readFile(file, "utf8")).toBe(
      `${before}#${SECTION_MARKER}\nmlib:\n  base_path: /new\n  loras: loras\n${after}`,
    );

    await writeFile(file, "{ a: { loras: x } }\n");
    await updateExtraModelPaths(file, "mlib", { base_path: "/farm" });
    expect(parse(await readFile(file, "utf8"))).toEqual({ a: { loras: "x" }, mlib: { base_path: "/farm" } });
    await updateExtraModelPaths(file, "mlib", null);
    expect(parse(await readFile(file, "utf8"))).toEqual({ a: { loras: "x" } });
  });
});

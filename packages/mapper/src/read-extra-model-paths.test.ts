import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MapperError } from "./mapper-error.js";
import { readExtraModelPaths } from "./read-extra-model-paths.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("readExtraModelPaths", () => {
  const tmp = tempDirs();

  it("returns null for a missing file and the sections of a good one", async () => {
    const dir = await tmp();
    const file = path.join(dir, "extra_model_paths.yaml");
    expect(await readExtraModelPaths(file)).toBeNull();
    await writeFile(file, "# mine\ncomfyui:\n  base_path: /x\n  checkpoints: models/checkpoints\n");
    const read = await readExtraModelPaths(file);
    expect(read?.sections).toEqual({ comfyui: { base_path: "/x", checkpoints: "models/checkpoints" } });
    await writeFile(file, "");
    expect((await readExtraModelPaths(file))?.sections).toEqual({});
  });

  it("refuses a file it cannot parse, naming it", async () => {
    const file = path.join(await tmp(), "extra_model_paths.yaml");
    await writeFile(file, "a: [unclosed\n");
    await expect(readExtraModelPaths(file)).rejects.toThrow(MapperError);
    await expect(readExtraModelPaths(file)).rejects.toThrow(
      new RegExp(`^${file}: not valid YAML, left untouched: `),
    );
    await writeFile(file, "- a\n- b\n");
    await expect(readExtraModelPaths(file)).rejects.toThrow(
      `${file}: top level is not a mapping of sections, left untouched`,
    );
  });
});

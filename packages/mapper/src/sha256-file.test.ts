import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256File } from "./sha256-file.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("sha256File", () => {
  const tmp = tempDirs();

  it("hashes the content", async () => {
    const file = path.join(await tmp(), "f");
    await writeFile(file, "abc");
    expect(await sha256File(file)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    await writeFile(file, "");
    expect(await sha256File(file)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

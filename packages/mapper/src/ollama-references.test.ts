import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ollamaReferences } from "./ollama-references.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("ollamaReferences", () => {
  const tmp = tempDirs();

  it("collects config and layer digests of every manifest, and lists what it cannot read", async () => {
    const root = await tmp();
    expect(await ollamaReferences(root)).toEqual({ digests: new Set(), unreadable: [] });
    const lib = path.join(root, "manifests", "registry.ollama.ai", "library");
    await mkdir(path.join(lib, "a"), { recursive: true });
    await mkdir(path.join(lib, "b"), { recursive: true });
    await writeFile(
      path.join(lib, "a", "latest"),
      JSON.stringify({ config: { digest: "sha256:c1" }, layers: [{ digest: "sha256:l1" }] }),
    );
    await writeFile(
      path.join(lib, "b", "q4"),
      JSON.stringify({ config: { digest: "sha256:c2" }, layers: [{ digest: "sha256:l1" }, {}] }),
    );
    await writeFile(path.join(lib, "b", "broken"), "{half");
    await writeFile(path.join(lib, ".DS_Store"), "junk");
    const refs = await ollamaReferences(root);
    expect([...refs.digests].sort()).toEqual(["sha256:c1", "sha256:c2", "sha256:l1"]);
    expect(refs.unreadable).toEqual([path.join(lib, "b", "broken")]);
  });
});

import { describe, expect, it } from "vitest";
import { parseRepoFolder, repoFolderName } from "./repo-folder.js";

describe("parseRepoFolder", () => {
  it("reads the three repo types and ids with or without an organisation", () => {
    expect(parseRepoFolder("models--org--name")).toEqual({ repoType: "model", repoId: "org/name" });
    expect(parseRepoFolder("datasets--org--set")).toEqual({ repoType: "dataset", repoId: "org/set" });
    expect(parseRepoFolder("spaces--org--app")).toEqual({ repoType: "space", repoId: "org/app" });
    expect(parseRepoFolder("models--gpt2")).toEqual({ repoType: "model", repoId: "gpt2" });
  });

  it("rejects folders that are not repos", () => {
    for (const name of [
      ".locks",
      "version.txt",
      "models",
      "models--",
      "buckets--a--b",
      "models--a----b",
      "x--y",
    ]) {
      expect(parseRepoFolder(name), name).toBeNull();
    }
  });

  it("round-trips with repoFolderName", () => {
    expect(repoFolderName("dataset", "org/set")).toBe("datasets--org--set");
    expect(parseRepoFolder(repoFolderName("model", "a/b"))).toEqual({ repoType: "model", repoId: "a/b" });
  });
});

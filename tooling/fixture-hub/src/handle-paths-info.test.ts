import { pathsInfo } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { testHub } from "./test-utils/test-hub.js";

describe("POST /api/models/{repo}/paths-info/{rev}", () => {
  const repos = [{ id: "org/p", files: { "config.json": "{}", "sub/w.safetensors": "weights" } }];

  it("answers the real client with oid, lfs and lastCommit, leaving out missing paths", async () => {
    const hub = await testHub({ repos });
    const info = hub.repo("org/p");
    const found = await pathsInfo({
      repo: "org/p",
      paths: ["config.json", "sub/w.safetensors", "sub", "missing.txt"],
      expand: true,
      hubUrl: hub.url,
    });
    expect(found).toHaveLength(3);
    expect(found[0]).toMatchObject({
      path: "config.json",
      type: "file",
      oid: info.files.get("config.json")?.oid,
      size: 2,
    });
    expect(found[0]?.lfs).toBeUndefined();
    expect(found[0]?.lastCommit?.id).toBe(info.commit);
    expect(found[0]?.lastCommit?.date).toEqual(new Date("2024-01-01T00:00:00Z"));
    const weights = info.files.get("sub/w.safetensors");
    expect(found[1]?.lfs).toEqual({ oid: weights?.sha256, size: 7, pointerSize: expect.any(Number) });
    expect(found[1]?.oid).toBe(weights?.oid);
    expect(found[2]).toMatchObject({ path: "sub", type: "directory", size: 0 });
  });

  it("accepts Python's form body at a commit and omits lastCommit without expand", async () => {
    const hub = await testHub({ repos });
    const commit = hub.repo("org/p").commit;
    const res = await fetch(`${hub.url}/api/models/org/p/paths-info/${commit}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "paths=config.json&paths=sub%2Fw.safetensors&expand=False",
    });
    const body = (await res.json()) as Array<Record<string, unknown>>;
    expect(body.map((e) => e.path)).toEqual(["config.json", "sub/w.safetensors"]);
    expect(body[0]).not.toHaveProperty("lastCommit");
  });

  it("rejects a malformed body and a GET", async () => {
    const hub = await testHub({ repos });
    const post = (body: string) =>
      fetch(`${hub.url}/api/models/org/p/paths-info/main`, { method: "POST", body });
    expect((await post("not json")).status).toBe(400);
    expect((await post('{"paths": [1]}')).status).toBe(400);
    expect((await fetch(`${hub.url}/api/models/org/p/paths-info/main`)).status).toBe(405);
  });
});

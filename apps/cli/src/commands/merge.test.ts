import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kohyaSd15Lora, tinyLlama, writeSafetensors } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-merge-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib merge", () => {
  it("dry run changes nothing; merge moves new models, keeps one copy of duplicates, empties the source", async () => {
    const here = { MLIB_HOME: join(dir, "here") };
    const there = { MLIB_HOME: join(dir, "there") };
    const shared = join(dir, "shared.safetensors");
    const onlyThere = join(dir, "lora.safetensors");
    await writeSafetensors(shared, tinyLlama(), { fill: 7 });
    await writeSafetensors(onlyThere, kohyaSd15Lora(), { fill: 8 });
    await runCli(["import", shared], here);
    await runCli(["import", shared, onlyThere], there);

    const plan = await runCli(["merge", "--dry-run", "--json", join(dir, "there")], here);
    expect(plan.code).toBe(0);
    expect(plan.json<{ counts: Record<string, number> }>().counts).toMatchObject({
      move: 1,
      duplicate: 1,
      skip: 0,
    });
    expect((await runCli(["list", "--json"], there)).json<{ total: number }>().total).toBe(2);

    const run = await runCli(["merge", "--json", join(dir, "there")], here);
    expect(run.code).toBe(0);
    expect(
      run
        .json<{ merged: { action: string }[] }>()
        .merged.map((m) => m.action)
        .sort(),
    ).toEqual(["duplicate", "move"]);
    expect((await runCli(["list", "--json"], here)).json<{ total: number }>().total).toBe(2);
    expect((await runCli(["list", "--json"], there)).json<{ total: number }>().total).toBe(0);
    expect((await runCli(["verify"], here)).code).toBe(0);
    expect(await readdir(join(dir, "here", ".mlib", "tmp"))).toEqual([]);
  });

  it("a folder that is not a library: one line naming it, exit 2", async () => {
    const run = await runCli(["merge", dir], { MLIB_HOME: join(dir, "here") });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(dir);
  });
});

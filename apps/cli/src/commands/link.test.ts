import { lstat, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kohyaSd15Lora, writeSafetensors } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

let dir: string;
let env: NodeJS.ProcessEnv;
let comfy: string;
const cli = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-link-"));
  env = { MLIB_HOME: join(dir, "library"), HOME: join(dir, "home"), NO_COLOR: "1" };
  comfy = join(dir, "ComfyUI");
  await mkdir(join(comfy, "models", "loras"), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib apps, link, links, unlink", () => {
  it("apps lists every profile", async () => {
    const run = await cli("apps", "--json");
    expect(run.code).toBe(0);
    const ids = run.json<{ profiles: { id: string }[] }>().profiles.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(["comfyui", "a1111", "lmstudio", "ollama", "llamacpp"]));
  });

  it("links a LoRA into ComfyUI by hard link, is idempotent, reports a user's file, and cleans up", async () => {
    const src = join(dir, "detail-tweaker.safetensors");
    await writeSafetensors(src, kohyaSd15Lora(), { fill: 3 });
    const imp = await cli("import", "--json", src);
    const id = imp.json<{ imported: { id: string }[] }>().imported[0]?.id ?? "";
    expect(id).not.toBe("");
    const record = (await cli("show", "--json", id)).json<{ files: { path: string }[] }>();
    const libraryFile = record.files[0]?.path ?? "";

    const dry = await cli("link", "comfyui", "--target", comfy, "--dry-run", "--json");
    expect(dry.code).toBe(0);
    const planned = dry.json<{ plan: { actions: { action: string; path: string }[] }; applied?: unknown }>();
    expect(planned.applied).toBeUndefined();
    const linkPath = planned.plan.actions.find((a) => a.action === "create")?.path ?? "";
    expect(linkPath.startsWith(join(comfy, "models", "loras"))).toBe(true);
    await expect(lstat(linkPath)).rejects.toThrow(); // a dry run writes nothing

    const first = await cli("link", "comfyui", "--target", comfy, "--json");
    expect(first.code).toBe(0);
    expect((await stat(linkPath)).ino).toBe((await stat(libraryFile)).ino); // hard link: same inode
    const again = await cli("link", "comfyui", "--target", comfy, "--json");
    expect(again.json<{ applied: { created: number; kept: number } }>().applied).toMatchObject({
      created: 0,
      kept: 1,
    });

    expect((await cli("links", "check")).code).toBe(0);
    await rm(linkPath);
    const broken = await cli("links", "check", "--json");
    expect(broken.code).toBe(1);
    expect(broken.json<{ broken: number }>().broken).toBe(1);
    expect((await cli("links", "repair")).code).toBe(0);
    expect((await stat(linkPath)).ino).toBe((await stat(libraryFile)).ino);

    // A user's own file at the path: untouched, reported, exit 1.
    await cli("unlink", "comfyui");
    await expect(lstat(linkPath)).rejects.toThrow();
    await writeFile(linkPath, "my own lora");
    const conflict = await cli("link", "comfyui", "--target", comfy, "--json");
    expect(conflict.code).toBe(1);
    expect(conflict.json<{ applied: { conflicts: number } }>().applied.conflicts).toBe(1);
    expect(await readFile(linkPath, "utf8")).toBe("my own lora");
    await rm(linkPath);

    // Removing the model removes its links.
    await cli("link", "comfyui", "--target", comfy);
    expect((await stat(linkPath)).isFile()).toBe(true);
    expect((await cli("rm", id)).code).toBe(0);
    await expect(lstat(linkPath)).rejects.toThrow();
  });

  it("--sync links a model imported after the first link, and unlinks a removed one", async () => {
    const target = join(dir, "ComfyUI-sync");
    await mkdir(join(target, "models", "loras"), { recursive: true });
    expect((await cli("link", "--sync", "--json")).json<{ synced: unknown[] }>().synced).toEqual([]);
    const first = join(dir, "first-lora.safetensors");
    await writeSafetensors(first, kohyaSd15Lora(), { fill: 11 });
    await cli("import", first);
    await cli("link", "comfyui", "--target", target);
    const second = join(dir, "second-lora.safetensors");
    await writeSafetensors(second, kohyaSd15Lora(), { fill: 12 });
    const id =
      (await cli("import", "--json", second)).json<{ imported: { id: string }[] }>().imported[0]?.id ?? "";
    const sync = await cli("link", "--sync", "--json");
    expect(sync.code).toBe(0);
    const synced = sync.json<{ synced: { app: string; applied: { created: number; kept: number } }[] }>()
      .synced;
    expect(synced).toEqual([
      expect.objectContaining({ app: "comfyui", applied: expect.objectContaining({ created: 1, kept: 1 }) }),
    ]);
    const linked = join(target, "models", "loras", "second-lora.safetensors");
    expect((await stat(linked)).isFile()).toBe(true);
    await cli("rm", id);
    await expect(lstat(linked)).rejects.toThrow();
  });

  it("bad app or strategy: one line, exit 2", async () => {
    const app = await cli("link", "photoshop", "--target", comfy);
    expect(app.code).toBe(2);
    expect(app.stderr.trim().split("\n")).toHaveLength(1);
    expect((await cli("link", "comfyui", "--target", comfy, "--strategy", "teleport")).code).toBe(2);
  });
});

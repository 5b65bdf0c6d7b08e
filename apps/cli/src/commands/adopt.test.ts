import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FixtureHub, startFixtureHub, tinyLlama, writeSafetensors } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

interface AdoptJson {
  imported: { id: string; path: string; sha256: string }[];
  skipped: { path: string; reason: string; code: string; existingId?: string }[];
  cacheDir: string;
  warnings: string[];
}

let hub: FixtureHub;
let dir: string;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCli(args, env);

/** A small llama safetensors file; `fill` makes each call a different model. */
async function llamaBytes(fill: number): Promise<Buffer> {
  const path = join(dir, `scratch-${fill}.safetensors`);
  await writeSafetensors(path, tinyLlama(), { fill });
  const bytes = await readFile(path);
  await rm(path);
  return bytes;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-adopt-"));
  hub = await startFixtureHub({
    repos: [
      {
        id: "org/Tiny-Llama",
        files: { "tiny-llama.safetensors": { content: await llamaBytes(1), lfs: true } },
      },
      {
        id: "org/Damaged",
        files: { "damaged-llama.safetensors": { content: await llamaBytes(2), lfs: true } },
      },
    ],
  });
  env = {
    MLIB_HOME: join(dir, "library"),
    HF_ENDPOINT: hub.url,
    HF_HOME: join(dir, "hf-home"),
    NO_COLOR: "1",
  };
  for (const file of ["org/Tiny-Llama/tiny-llama.safetensors", "org/Damaged/damaged-llama.safetensors"]) {
    const pulled = await cli("pull", "--to", "hf-cache", file);
    expect(pulled.code, pulled.stderr).toBe(0);
  }
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

describe("mlib adopt --from hf-cache", () => {
  it("adopts what `pull --to hf-cache` wrote, hard-linked, with its provenance; a second run adds nothing", async () => {
    const run = await cli("adopt", "--from", "hf-cache", "--repo", "org/Tiny-Llama", "--json");
    expect(run.code, run.stderr).toBe(0);
    const result = run.json<AdoptJson>();
    expect(result.cacheDir).toBe(join(dir, "hf-home", "hub"));
    expect(result.skipped).toEqual([]);
    expect(result.imported).toHaveLength(1);
    const id = result.imported[0]?.id as string;
    expect(result.imported[0]?.sha256).toBe(
      hub.repo("org/Tiny-Llama").files.get("tiny-llama.safetensors")?.sha256,
    );

    const show = (await cli("show", "--json", id)).json<{
      source: Record<string, string>;
      files: { path: string }[];
    }>();
    expect(show.source).toMatchObject({
      kind: "adopt",
      repo: "org/Tiny-Llama",
      revision: "main",
      commit: hub.repo("org/Tiny-Llama").commit,
      file: "tiny-llama.safetensors",
      mode: "hardlink",
    });
    expect((await stat(show.files[0]?.path as string)).nlink).toBe(2);

    const again = await cli("adopt", "--from", "hf-cache", "--repo", "org/Tiny-Llama");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already in the library as ${id}`);
  });

  it("a damaged blob is left alone and reported: exit 1, a hint, nothing imported", async () => {
    const blob = join(
      dir,
      "hf-home",
      "hub",
      "models--org--Damaged",
      "blobs",
      hub.repo("org/Damaged").files.get("damaged-llama.safetensors")?.sha256 as string,
    );
    const bytes = await readFile(blob);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1);
    await writeFile(blob, bytes);
    const run = await cli("adopt", "--from", "hf-cache", "--repo", "org/Damaged");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused .*damaged-llama\.safetensors: .*damaged or half-written/);
    expect(run.stderr).toContain("mlib cache verify --deep");
    const json = (
      await cli("adopt", "--from", "hf-cache", "--repo", "org/Damaged", "--json")
    ).json<AdoptJson>();
    expect(json.skipped.map((s) => s.code)).toEqual(["CORRUPT"]);
    expect((await cli("list", "--json")).json<{ total: number }>().total).toBe(1);
    expect(await readFile(blob)).toEqual(bytes);
  });

  it("bad input: one line, exit 2, nothing done", async () => {
    const from = await cli("adopt", "--from", "civitai");
    expect(from.code).toBe(2);
    expect(from.stderr.trim().split("\n")).toHaveLength(1);
    expect(from.stderr).toContain("only hf-cache");
    const missing = await cli("adopt", "--from", "hf-cache", "--cache-dir", join(dir, "nowhere"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, "nowhere"));
    const mode = await cli("adopt", "--from", "hf-cache", "--mode", "copy");
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain("auto, hardlink, in-place");
    const stray = await cli("adopt", "--repo", "org/Tiny-Llama");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--repo goes with --from hf-cache");
    expect((await cli("list", "--json")).json<{ total: number }>().total).toBe(1);
  });
});

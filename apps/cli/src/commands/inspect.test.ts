import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kohyaSd15Lora, llamaLayer, type TensorTable, writeSafetensors } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

interface InspectJson {
  format: string;
  type: string;
  architecture: string | null;
  baseModel: string | null;
  quantization: string | null;
  parameterCount: number | null;
  shards: { total: number; complete: boolean; missing: number[] } | null;
  unsafe: string | null;
  confidence: number;
  evidence: { source: string; strength: string }[];
  fields?: Record<string, unknown>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-inspect-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib inspect", () => {
  it("identifies a kohya SD1.5 LoRA from its keys, whatever its name", async () => {
    const path = join(dir, "final_v2.safetensors");
    const tensors = kohyaSd15Lora();
    await writeSafetensors(path, tensors);
    const run = await runCli(["inspect", "--json", path]);
    expect(run.code).toBe(0);
    const id = run.json<InspectJson>();
    expect(id).toMatchObject({
      format: "safetensors",
      type: "lora",
      baseModel: "SD1.x",
      quantization: "F16",
    });
    expect(Object.keys(id)).toEqual(
      expect.arrayContaining([
        "format",
        "type",
        "subtype",
        "architecture",
        "baseModel",
        "quantization",
        "parameterCount",
        "contextLength",
        "shards",
        "confidence",
        "evidence",
      ]),
    );
    expect(id.fields).toBeUndefined();
    expect((await runCli(["inspect", "--json", "--all", path])).json<InspectJson>().fields).toBeDefined();
  });

  it("reads only headers: a 20 GiB sparse safetensors file answers at once", async () => {
    const path = join(dir, "model.safetensors");
    const tensors: TensorTable = {
      "model.embed_tokens.weight": ["BF16", [128256, 4096]],
      "lm_head.weight": ["BF16", [128256, 4096]],
      "model.norm.weight": ["BF16", [4096]],
    };
    for (let i = 0; i < 24; i++) Object.assign(tensors, llamaLayer(i, 4096, 14336));
    await writeSafetensors(path, tensors, { sparse: true });
    const run = await runCli(["inspect", "--json", path]);
    expect(run.code).toBe(0);
    const id = run.json<InspectJson>();
    expect(id).toMatchObject({ format: "safetensors", type: "llm", quantization: "BF16" });
    expect(id.parameterCount).toBe(
      2 * 128256 * 4096 + 4096 + 24 * (4 * 4096 * 4096 + 3 * 14336 * 4096 + 2 * 4096),
    );
  });

  it("reports an incomplete shard set and names what is missing", async () => {
    const sub = await mkdtemp(join(dir, "set-"));
    for (const i of [1, 3]) {
      await writeSafetensors(join(sub, `model-0000${i}-of-00003.safetensors`), llamaLayer(i, 64, 128));
    }
    const run = await runCli(["inspect", "--json", join(sub, "model-00001-of-00003.safetensors")]);
    expect(run.code).toBe(0);
    expect(run.json<InspectJson>().shards).toMatchObject({ total: 3, complete: false, missing: [2] });
    const human = await runCli(["inspect", join(sub, "model-00001-of-00003.safetensors")], { NO_COLOR: "1" });
    expect(human.stdout).toMatch(/incomplete: have 2\/3, missing 2/);
  });

  it("says unknown honestly for bytes it does not recognise", async () => {
    const path = join(dir, "mystery.bin");
    await writeFile(path, Buffer.from("just some text, not a model"));
    const id = (await runCli(["inspect", "--json", path])).json<InspectJson>();
    expect(id).toMatchObject({ format: "unknown", type: "unknown", confidence: 0 });
  });

  it("a missing path or a corrupt header: one line naming the file, exit 2", async () => {
    const missing = await runCli(["inspect", join(dir, "nope.gguf")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.gguf");
    const bad = join(dir, "cut.gguf");
    await writeFile(bad, Buffer.from("GGUF\u0003\u0000"));
    const run = await runCli(["inspect", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("cut.gguf");
  });
});

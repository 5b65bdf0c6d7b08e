import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LLAMA_LAYER, type Table } from "../test-utils/model-fixtures.js";
import { countParameters, writeSafetensors } from "../test-utils/safetensors-writer.js";
import { IdentifyError } from "./identify-error.js";
import { identifySafetensors } from "./safetensors-identify.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-st-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Llama-3-8B-shaped model with 45 layers: about 20.2 GiB of BF16. */
function bigLlama(): Table {
  const bf16 = (shape: number[]) => ({ shape, dtype: "BF16" });
  const table: Table = [["model.embed_tokens.weight", bf16([128256, 4096])]];
  for (let i = 0; i < 45; i++) {
    const small = LLAMA_LAYER(i).map(([name]) => name);
    const shapes: Record<string, number[]> = {
      q_proj: [4096, 4096],
      k_proj: [1024, 4096],
      v_proj: [1024, 4096],
      o_proj: [4096, 4096],
      gate_proj: [14336, 4096],
      up_proj: [14336, 4096],
      down_proj: [4096, 14336],
    };
    for (const name of small) {
      const key = Object.keys(shapes).find((k) => name.includes(`.${k}.`));
      table.push([name, bf16(key ? (shapes[key] as number[]) : [4096])]);
    }
  }
  table.push(["model.norm.weight", bf16([4096])], ["lm_head.weight", bf16([128256, 4096])]);
  return table;
}

describe("identifySafetensors", () => {
  it("identifies a sparse 20 GiB file from its header alone", async () => {
    const table = bigLlama();
    const path = join(dir, "model.safetensors");
    const size = await writeSafetensors(path, table);
    expect(size).toBeGreaterThan(20 * 2 ** 30);
    const started = performance.now();
    const id = await identifySafetensors(path);
    const elapsed = performance.now() - started;
    expect(id).toMatchObject({
      format: "safetensors",
      type: "llm",
      architecture: "llama",
      quantization: "BF16",
      parameterCount: countParameters(table),
      confidence: 0.85,
    });
    expect(id.fields.tensorCount).toBe(table.length);
    const { blocks } = await stat(path);
    console.info(
      `identified a ${(size / 2 ** 30).toFixed(2)} GiB safetensors file (${blocks * 512} bytes on disk) in ${elapsed.toFixed(1)} ms`,
    );
    await rm(path);
  });

  it("names the file in errors", async () => {
    const path = join(dir, "broken.safetensors");
    const body = Buffer.from('{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,3]}}');
    const bytes = Buffer.alloc(8 + body.length + 3);
    bytes.writeBigUInt64LE(BigInt(body.length), 0);
    body.copy(bytes, 8);
    await writeFile(path, bytes);
    const error = await identifySafetensors(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentifyError);
    expect((error as IdentifyError).path).toBe(path);
    expect((error as Error).message).toBe(
      `${path}: safetensors: tensor "a" shape [1] of F16 does not fit its 3 bytes`,
    );
  });

  it("keeps trainer metadata in fields, clipped, and uses it for the base model", async () => {
    const path = join(dir, "lora.safetensors");
    await writeSafetensors(path, [["lora_unet_single_block.lora_down.weight", { shape: [4, 8] }]], {
      metadata: { ss_base_model_version: "flux1", ss_tag_frequency: "x".repeat(10_000) },
    });
    const id = await identifySafetensors(path);
    expect(id).toMatchObject({ type: "lora", subtype: "kohya", baseModel: "FLUX.1" });
    expect(id.evidence).toContainEqual({
      source: "safetensors:metadata",
      detail: "base model from ss_base_model_version = flux1",
      strength: "medium",
    });
    expect((id.fields.metadata as Record<string, string>).ss_tag_frequency).toMatch(
      /… \(10000 characters\)$/,
    );
  });

  it("answers unknown with low confidence for a valid file of unknown tensors", async () => {
    const path = join(dir, "mystery.safetensors");
    await writeSafetensors(path, [["foo", { shape: [2, 2], dtype: "F32" }]]);
    expect(await identifySafetensors(path)).toMatchObject({
      type: "unknown",
      confidence: 0.1,
      parameterCount: 4,
      quantization: "F32",
    });
  });
});

import { describe, expect, it } from "vitest";
import { KeyIndex, normalizeKey, type TensorRef } from "./key-index.js";
import { matchSignatures } from "./match-signatures.js";

const refs = (entries: Array<[string, number[] | null]>): TensorRef[] =>
  entries.map(([name, shape]) => ({ name, shape }));
const match = (entries: Array<[string, number[] | null]>) => matchSignatures(refs(entries), "test");

const layer = (i: number, extra: Array<[string, number[]]> = []): Array<[string, number[]]> => [
  [`model.layers.${i}.self_attn.q_proj.weight`, [8, 8]],
  [`model.layers.${i}.self_attn.o_proj.weight`, [8, 8]],
  [`model.layers.${i}.mlp.gate_proj.weight`, [16, 8]],
  [`model.layers.${i}.mlp.down_proj.weight`, [8, 16]],
  ...extra.map(([n, s]): [string, number[]] => [n.replace("#", String(i)), s]),
];

describe("normalizeKey / KeyIndex", () => {
  it("replaces number segments only", () => {
    expect(normalizeKey("model.layers.12.self_attn.q_proj.weight")).toBe(
      "model.layers.#.self_attn.q_proj.weight",
    );
    expect(normalizeKey("lora_unet_input_blocks_4_1_attn2_to_k.lora_down.weight")).toBe(
      "lora_unet_input_blocks_#_#_attn2_to_k.lora_down.weight",
    );
    expect(normalizeKey("lora_te1_text_model.conv1.0")).toBe("lora_te1_text_model.conv1.#");
  });

  it("matches literal numbers, # and *", () => {
    const index = new KeyIndex(
      refs([
        ["a.0.b", [1]],
        ["a.1.b", [2]],
        ["c.10.d.x", null],
      ]),
    );
    expect(index.matches("a.#.b")).toHaveLength(2);
    expect(index.matches("a.1.b").map((t) => t.shape)).toEqual([[2]]);
    expect(index.has("*.d.*")).toBe(true);
    expect(index.has("a.2.b")).toBe(false);
    expect(index.firstWithShape("c.#.d.x")).toBeUndefined();
  });

  it("skips absurdly long names instead of running patterns on them", () => {
    const index = new KeyIndex(refs([[`${"a.".repeat(100_000)}lora_down.weight`, [1]]]));
    expect(index.has("*.lora_down.weight")).toBe(false);
  });
});

describe("matchSignatures", () => {
  it("answers unknown with no evidence when nothing matches", () => {
    expect(match([["foo.bar", [1]]])).toMatchObject({
      signature: null,
      type: "unknown",
      confidence: 0,
      evidence: [],
    });
  });

  it("prefers the LoRA over the model whose names it embeds", () => {
    const m = match([
      ["model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.lora_down.weight", [4, 768]],
      ["model.diffusion_model.input_blocks.0.0.weight", [320, 4, 3, 3]],
      ["model.diffusion_model.out.2.weight", [4, 320, 3, 3]],
    ]);
    expect(m).toMatchObject({ signature: "lora-dotted", type: "lora", baseModel: "SD1.x" });
  });

  it("lowers confidence when a shape matches no known value", () => {
    const m = match([
      ["model.diffusion_model.input_blocks.0.0.weight", [320, 4, 3, 3]],
      ["model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight", [320, 1536]],
      ["model.diffusion_model.out.2.weight", [4, 320, 3, 3]],
    ]);
    expect(m.baseModel).toBeNull();
    expect(m.confidence).toBeLessThan(0.9);
    expect(m.evidence.at(-2)).toMatchObject({ strength: "medium" });
    expect(m.evidence.at(-2)?.detail).toContain("matches no known Stable Diffusion generation");
  });

  it("works from names alone (pickle), skipping shape rules", () => {
    const m = match([
      ["model.diffusion_model.input_blocks.0.0.weight", null],
      ["model.diffusion_model.out.2.weight", null],
      ["conditioner.embedders.0.transformer.text_model.encoder.layers.0.mlp.fc1.weight", null],
      ["conditioner.embedders.1.model.transformer.resblocks.0.attn.in_proj_weight", null],
    ]);
    expect(m).toMatchObject({ type: "diffusion", baseModel: "SDXL", architecture: "sdxl-unet" });
  });

  it("tells SD3.5 Large by its 38 joint blocks", () => {
    const blocks = Array.from({ length: 38 }, (_, i): [string, number[]] => [
      `joint_blocks.${i}.x_block.attn.qkv.weight`,
      [6, 2432],
    ]);
    const m = match([...blocks, ["joint_blocks.0.context_block.attn.qkv.weight", [6, 2432]]]);
    expect(m).toMatchObject({ type: "diffusion", baseModel: "SD3.5", architecture: "sd3-mmdit" });
  });

  it("tells FLUX schnell (no guidance embedding) and fill (384 input channels)", () => {
    const flux = (inChannels: number, guidance: boolean) =>
      match([
        ["double_blocks.0.img_attn.qkv.weight", [9, 3072]],
        ["single_blocks.0.linear1.weight", [9, 3072]],
        ["img_in.weight", [3072, inChannels]],
        ...(guidance ? ([["guidance_in.in_layer.weight", [3072, 256]]] as Array<[string, number[]]>) : []),
      ]);
    expect(flux(64, false)).toMatchObject({ subtype: "schnell", baseModel: "FLUX.1" });
    expect(flux(384, true)).toMatchObject({ subtype: "fill", baseModel: "FLUX.1" });
  });

  it.each([
    ["llama", []],
    ["qwen3", [["model.layers.#.self_attn.q_norm.weight", [8]]]],
    ["gemma2", [["model.layers.#.pre_feedforward_layernorm.weight", [8]]]],
    [
      "gemma3",
      [
        ["model.layers.#.pre_feedforward_layernorm.weight", [8]],
        ["model.layers.#.self_attn.q_norm.weight", [8]],
      ],
    ],
  ] as Array<[string, Array<[string, number[]]>]>)(
    "tells the %s family from its keys",
    (architecture, extra) => {
      expect(match([...layer(0, extra), ...layer(1, extra)])).toMatchObject({ type: "llm", architecture });
    },
  );

  it("tells Gemma by its vocabulary and Phi-3 by its fused projections", () => {
    expect(match([["model.embed_tokens.weight", [256000, 8]], ...layer(0)])).toMatchObject({
      architecture: "gemma",
    });
    expect(
      match([
        ["model.layers.0.self_attn.qkv_proj.weight", [24, 8]],
        ["model.layers.0.mlp.gate_up_proj.weight", [32, 8]],
      ]),
    ).toMatchObject({ type: "llm", architecture: "phi3" });
  });

  it("sees a VLM around a language model", () => {
    const m = match([
      ["language_model.model.layers.0.self_attn.q_proj.weight", [8, 8]],
      ["vision_tower.vision_model.encoder.layers.0.self_attn.k_proj.weight", [8, 8]],
      ["multi_modal_projector.linear_1.weight", [8, 8]],
    ]);
    expect(m).toMatchObject({ type: "vlm", architecture: "llava" });
  });

  it("says a classifier with several labels is not a reranker", () => {
    const m = match([
      ["bert.embeddings.word_embeddings.weight", [30522, 8]],
      ["bert.embeddings.position_embeddings.weight", [512, 8]],
      ["bert.embeddings.token_type_embeddings.weight", [2, 8]],
      ["bert.encoder.layer.0.attention.self.query.weight", [8, 8]],
      ["classifier.weight", [3, 8]],
    ]);
    expect(m).toMatchObject({
      type: "unknown",
      subtype: "sequence-classifier",
      architecture: "bert",
      contextLength: 512,
    });
  });

  it.each([
    [
      "whisper",
      [
        ["model.encoder.conv1.weight", [768, 80, 3]],
        ["model.encoder.conv2.weight", [768, 768, 3]],
        ["model.encoder.embed_positions.weight", [1500, 768]],
        ["model.decoder.layers.0.encoder_attn.k_proj.weight", [768, 768]],
      ],
      { type: "audio", architecture: "whisper", subtype: "whisper-small", contextLength: 1500 },
    ],
    [
      "CLIP vision",
      [
        ["vision_model.embeddings.patch_embedding.weight", [1024, 3, 14, 14]],
        ["vision_model.encoder.layers.0.self_attn.k_proj.weight", [1024, 1024]],
        ["visual_projection.weight", [768, 1024]],
      ],
      { type: "vision", subtype: "clip-vision", extra: { variant: "ViT-L" } },
    ],
    [
      "UMT5 encoder",
      [
        ["encoder.block.0.layer.0.SelfAttention.q.weight", [4096, 4096]],
        ["encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight", [32, 64]],
        ["encoder.final_layer_norm.weight", [4096]],
      ],
      { type: "text-encoder", architecture: "umt5", subtype: "t5-xxl" },
    ],
    [
      "DINOv2",
      [
        ["embeddings.patch_embeddings.projection.weight", [768, 3, 14, 14]],
        ["encoder.layer.0.attention.attention.query.weight", [768, 768]],
        ["encoder.layer.0.layer_scale1.lambda1", [768]],
      ],
      { type: "vision", architecture: "dinov2" },
    ],
    [
      "SwinIR",
      [
        ["conv_first.weight", [180, 3, 3, 3]],
        ["layers.0.residual_group.blocks.0.attn.relative_position_bias_table", [225, 6]],
        ["conv_after_body.weight", [180, 180, 3, 3]],
      ],
      { type: "upscaler", architecture: "swinir" },
    ],
    [
      "diffusers ControlNet for SDXL",
      [
        ["controlnet_cond_embedding.conv_in.weight", [16, 3, 3, 3]],
        ["controlnet_down_blocks.0.weight", [320, 320, 1, 1]],
        ["add_embedding.linear_1.weight", [1280, 2816]],
        ["down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.weight", [640, 2048]],
      ],
      { type: "controlnet", baseModel: "SDXL" },
    ],
    [
      "SDXL textual inversion",
      [
        ["clip_l", [2, 768]],
        ["clip_g", [2, 1280]],
      ],
      { type: "embedding", subtype: "textual-inversion", baseModel: "SDXL" },
    ],
  ] as Array<[string, Array<[string, number[]]>, object]>)("identifies %s", (_, entries, expected) => {
    expect(match(entries)).toMatchObject(expected);
  });

  it("leaves the base open among candidates when the structure cannot tell", () => {
    const m = match([
      ["encoder.down.0.block.0.conv1.weight", [8, 8, 3, 3]],
      ["decoder.up.0.block.0.conv1.weight", [8, 8, 3, 3]],
      ["decoder.conv_in.weight", [8, 4, 3, 3]],
    ]);
    expect(m).toMatchObject({ type: "vae", baseModel: null, baseCandidates: ["SD1.x", "SD2.x", "SDXL"] });
  });
});

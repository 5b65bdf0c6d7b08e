import { describe, expect, it } from "vitest";
import { ESRGAN_OLD, KOHYA_SD15_LORA } from "../test-utils/model-fixtures.js";
import { buildStateDictPickle, LEGACY_TORCH_PREFIX } from "../test-utils/pickle-writer.js";
import { buildStoredZip } from "../test-utils/zip-writer.js";
import { bufferSource } from "./byte-source.js";
import { identifyPickle } from "./pickle-identify.js";
import { scanPickleStrings } from "./pickle-strings.js";

describe("scanPickleStrings", () => {
  it("reads names and storage classes without unpickling", () => {
    const bytes = buildStateDictPickle(["a.weight", "b.bias"], "BFloat16Storage");
    expect(scanPickleStrings(bytes)).toEqual({
      names: ["a.weight", "b.bias"],
      storageTypes: ["BFloat16Storage"],
    });
  });

  it("ignores text that does not look like a name", () => {
    const junk = Buffer.from([
      0x58, 4, 0, 0, 0, 0xff, 0xfe, 0x00, 0x01, 0x8c, 3, 0x20, 0x21, 0x22, 0x58, 0xff, 0xff, 0xff, 0xff,
    ]);
    expect(scanPickleStrings(junk).names).toEqual([]);
  });
});

describe("identifyPickle", () => {
  it("identifies a legacy torch.save ESRGAN from its names, flags it unsafe, never trusts it much", async () => {
    const bytes = Buffer.concat([
      LEGACY_TORCH_PREFIX,
      buildStateDictPickle(
        ESRGAN_OLD.map(([n]) => n),
        "FloatStorage",
      ),
      Buffer.alloc(4096),
    ]);
    const id = await identifyPickle(bufferSource(bytes), "4x_foolhardy_Remacri.pth");
    expect(id).toMatchObject({
      format: "pickle",
      unsafe: "pickle",
      type: "upscaler",
      architecture: "esrgan",
      quantization: "F32",
    });
    expect(id?.confidence).toBeLessThanOrEqual(0.45);
    expect(id?.evidence[0]?.detail).toContain("legacy torch.save");
    expect(id?.parameterCount).toBeNull();
  });

  it("identifies a kohya LoRA .pt zip, base model from names only left to the name", async () => {
    const zip = buildStoredZip([
      { name: "lora/data.pkl", data: buildStateDictPickle(KOHYA_SD15_LORA.map(([n]) => n)) },
      { name: "lora/data/0", data: new Uint8Array(100) },
    ]);
    const id = await identifyPickle(bufferSource(zip), "style_sd15.pt");
    expect(id).toMatchObject({
      type: "lora",
      subtype: "kohya",
      baseModel: "SD1.x",
      quantization: "F16",
      parameterCount: 50,
    });
    expect(id?.evidence.some((e) => e.source === "name" && e.detail.includes("SD1.x"))).toBe(true);
  });

  it("falls back to a weak guess from the name when data.pkl is compressed", async () => {
    const zip = buildStoredZip([{ name: "archive/data.pkl", data: Buffer.from("x") }]);
    // Mark the entry deflated: it is no longer read.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(8, central + 10);
    const id = await identifyPickle(bufferSource(zip), "realisticVision_v51_sd15.ckpt");
    expect(id).toMatchObject({
      format: "pickle",
      unsafe: "pickle",
      type: "diffusion",
      baseModel: "SD1.x",
      confidence: 0.2,
    });
    expect(id?.evidence.filter((e) => e.source === "name").map((e) => e.strength)).toEqual(["weak", "weak"]);
  });

  it("says a TorchScript archive is one", async () => {
    const zip = buildStoredZip([
      { name: "m/data.pkl", data: buildStateDictPickle([]) },
      { name: "m/constants.pkl", data: Buffer.from("c") },
      { name: "m/code/__torch__/m.py", data: Buffer.from("def f(): pass") },
    ]);
    expect((await identifyPickle(bufferSource(zip), "model.pt"))?.fields.torchscript).toBe(true);
  });

  it("returns null for a zip without data.pkl and for non-pickle bytes", async () => {
    const zip = buildStoredZip([{ name: "readme.txt", data: Buffer.from("hi") }]);
    expect(await identifyPickle(bufferSource(zip), "x.zip")).toBeNull();
    expect(await identifyPickle(bufferSource(Buffer.from("hello world")), "x.bin")).toBeNull();
  });
});

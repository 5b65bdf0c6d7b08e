import { describe, expect, it } from "vitest";
import type { MapperModel } from "./model.js";
import { ollamaName } from "./ollama-name.js";

const model = (name: string, quantization: string | null) => ({ name, quantization }) as MapperModel;

describe("ollamaName", () => {
  it("lowercases and keeps only the characters Ollama allows", () => {
    expect(ollamaName(model("Llama-3.2-1B-Instruct", "Q4_K_M"), undefined, "")).toEqual({
      name: "llama-3.2-1b-instruct",
      tag: "q4_k_m",
    });
    expect(ollamaName(model("Qwen 2.5 (7B) Instruct!", null), undefined, "")).toEqual({
      name: "qwen-2.5-7b-instruct",
      tag: "latest",
    });
    expect(ollamaName(model("x", "IQ2_XS"), "My Model", "-mlib")).toEqual({
      name: "my-model",
      tag: "iq2_xs-mlib",
    });
  });

  it("starts with a letter or digit, stays within 80 characters, never empty", () => {
    expect(ollamaName(model("..--__", "??"), undefined, "")).toEqual({ name: "model", tag: "latest" });
    const long = ollamaName(model("a".repeat(200), "q".repeat(100)), undefined, "");
    expect(long.name).toHaveLength(80);
    expect(long.tag).toHaveLength(80);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeName } from "./normalize-name.js";

const bytes = (s: string) => new TextEncoder().encode(s).length;
const RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$/i;

describe("normalizeName", () => {
  it.each([
    ["meta-llama/Llama-3.1-8B", "meta-llama-Llama-3.1-8B"],
    ['a<b>c:d"e|f?g*h\\i', "a-b-c-d-e-f-g-h-i"],
    ["a\u0000b\u001fc\u007fd", "a-b-c-d"],
    ["evil\u202Efdp.exe", "evil-fdp.exe"],
    ["  many   spaces\tand\ttabs  ", "many spaces and tabs"],
    ["CON", "CON_"],
    ["con ", "con_"],
    ["nul.gguf", "nul_.gguf"],
    ["com1.tar.gz", "com1_.tar.gz"],
    ["LPT9", "LPT9_"],
    ["COM¹", "COM¹_"],
    ["CONSOLE", "CONSOLE"],
    ["prn-model.gguf", "prn-model.gguf"],
    ["..", "unnamed"],
    [".", "unnamed"],
    ["   ", "unnamed"],
    ["", "unnamed"],
    ["???", "-"],
    [".hidden", "hidden"],
    ["name. . .", "name"],
    ["e\u0301le\u0301phant", "\u00e9l\u00e9phant"],
    ["Qwen2.5-7B-Instruct", "Qwen2.5-7B-Instruct"],
  ])("%j → %j", (input, output) => {
    expect(normalizeName(input)).toBe(output);
  });

  it("caps names at 120 UTF-8 bytes, cutting at a separator and keeping the extension", () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join("-");
    const cut = normalizeName(`${words}.gguf`);
    expect(bytes(cut)).toBeLessThanOrEqual(120);
    expect(cut).toMatch(/^word0-word1-.*word\d+\.gguf$/);
    expect(normalizeName("x".repeat(300))).toBe("x".repeat(120));
    const cjk = normalizeName("模型".repeat(100));
    expect(bytes(cjk)).toBeLessThanOrEqual(120);
    expect(cjk).toBe("模型".repeat(20));
    const emoji = normalizeName("😀".repeat(100));
    expect(bytes(emoji)).toBe(120);
    expect(emoji).not.toMatch(/\p{Cs}/u);
  });

  it("always gives a non-empty, portable, capped, stable name", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 300 }),
          fc.string({ unit: fc.constantFrom(..."CONul1. /\\:-é😀模"), maxLength: 200 }),
        ),
        (input) => {
          const name = normalizeName(input);
          expect(name.length).toBeGreaterThan(0);
          expect(bytes(name)).toBeLessThanOrEqual(120);
          expect(name).not.toMatch(/[<>:"/\\|?*\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
          expect(name).not.toMatch(/^[\s.]|[\s.]$/u);
          expect(name).not.toMatch(/\p{Cs}/u);
          expect(RESERVED.test(name.split(".")[0]?.trimEnd() ?? "")).toBe(false);
          expect(name).toBe(name.normalize("NFC"));
          expect(normalizeName(name)).toBe(name);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

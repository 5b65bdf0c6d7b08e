import { expect, it } from "vitest";
import { sniffGguf } from "./gguf-sniff.js";

const bytes = (s: string) => new TextEncoder().encode(s);

it.each([
  ["GGUF\u0003\u0000", "gguf"],
  ["lmgg", "ggml"],
  ["fmgg", "ggml"],
  ["tjgg", "ggml"],
  ["algg", "ggml"],
  ["GGU", null],
  ["PK\u0003\u0004", null],
  ["ggjt", null],
  ["", null],
])("%j → %s", (head, family) => {
  expect(sniffGguf(bytes(head))).toBe(family);
});

import { describe, expect, it } from "vitest";
import { IdentifyError } from "./identify-error.js";

describe("IdentifyError", () => {
  it("names the file once, keeping the code", () => {
    const error = new IdentifyError("TRUNCATED", "safetensors: short");
    expect(error.message).toBe("safetensors: short");
    const named = error.withPath("/m/a.safetensors");
    expect(named).toMatchObject({ code: "TRUNCATED", path: "/m/a.safetensors", name: "IdentifyError" });
    expect(named.message).toBe("/m/a.safetensors: safetensors: short");
    expect(named.withPath("/other")).toBe(named);
  });
});

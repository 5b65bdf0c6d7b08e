import { describe, expect, it } from "vitest";
import { errnoCode, MapperError } from "./mapper-error.js";

describe("MapperError", () => {
  it("carries a stable code and its cause", () => {
    const cause = new Error("inner");
    const error = new MapperError("BAD_CONFIG", "/a/extra_model_paths.yaml: not valid YAML", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("MapperError");
    expect(error.code).toBe("BAD_CONFIG");
    expect(error.cause).toBe(cause);
  });

  it("reads node:fs codes and nothing else", () => {
    expect(errnoCode(Object.assign(new Error("x"), { code: "EXDEV" }))).toBe("EXDEV");
    expect(errnoCode(new Error("plain"))).toBeUndefined();
    expect(errnoCode(undefined)).toBeUndefined();
  });
});

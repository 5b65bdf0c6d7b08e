import { describe, expect, it } from "vitest";
import { abortedError, HashingError, toHashingError } from "./hashing-error.js";

describe("HashingError", () => {
  it("is named AbortError for ABORTED so generic abort checks work", () => {
    const error = abortedError("/m/a.gguf", "stop");
    expect(error).toBeInstanceOf(HashingError);
    expect(error.name).toBe("AbortError");
    expect(error.code).toBe("ABORTED");
    expect(error.message).toBe("/m/a.gguf: hashing aborted");
    expect(error.cause).toBe("stop");
    expect(new HashingError("BAD_DIGEST", "x").name).toBe("HashingError");
  });

  it("maps node:fs codes and names the file", () => {
    const enoent = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    expect(toHashingError(enoent, "/x/y")).toMatchObject({ code: "ENOENT", message: "/x/y: no such file" });
    const eperm = Object.assign(new Error("EPERM"), { code: "EPERM" });
    expect(toHashingError(eperm, "/x/y").code).toBe("EACCES");
    const eio = Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
    expect(toHashingError(eio, "/x/y")).toMatchObject({
      code: "IO_ERROR",
      message: "/x/y: cannot read: EIO: i/o error, read",
    });
  });

  it("passes a HashingError through unchanged", () => {
    const original = new HashingError("FILE_CHANGED", "/x: changed");
    expect(toHashingError(original, "/other")).toBe(original);
  });
});

import { LibraryError } from "@ml/library";
import { describe, expect, it } from "vitest";
import { ServerError } from "./server-error.js";
import { toErrorReply } from "./to-error-reply.js";

describe("toErrorReply", () => {
  it("answers typed errors with their status, message and code", () => {
    expect(
      toErrorReply(new ServerError("ENTRY_NOT_FOUND", 404, "Entry not found: x", "EntryNotFound")),
    ).toEqual({
      statusCode: 404,
      body: { error: "Entry not found: x", code: "ENTRY_NOT_FOUND" },
      headers: { "X-Error-Code": "EntryNotFound" },
      internal: false,
    });
    expect(toErrorReply(new LibraryError("NOT_FOUND", "no model with id x")).statusCode).toBe(404);
    expect(toErrorReply(new LibraryError("AMBIGUOUS_ID", "x matches 2 models")).statusCode).toBe(409);
    expect(toErrorReply(new LibraryError("BAD_OVERRIDES", "bad key colour"))).toMatchObject({
      statusCode: 400,
      body: { code: "BAD_OVERRIDES" },
    });
  });

  it("passes Fastify's own refusals through", () => {
    const tooLarge = Object.assign(new Error("Request body is too large"), {
      statusCode: 413,
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
    });
    expect(toErrorReply(tooLarge)).toMatchObject({
      statusCode: 413,
      body: { code: "FST_ERR_CTP_BODY_TOO_LARGE" },
    });
  });

  it("hides everything else behind a 500", () => {
    const system = Object.assign(new Error("EACCES: permission denied, open '/secret'"), {
      code: "EACCES",
      errno: -13,
      syscall: "open",
    });
    for (const error of [
      system,
      new TypeError("x is undefined"),
      "a string",
      null,
      Object.assign(new Error("x"), { code: "ERR_STREAM_PREMATURE_CLOSE" }),
    ]) {
      expect(toErrorReply(error)).toEqual({
        statusCode: 500,
        body: { error: "internal error", code: "INTERNAL" },
        headers: {},
        internal: true,
      });
    }
  });
});

import { HubApiError } from "@huggingface/hub";
import { describe, expect, it } from "vitest";
import { HfError } from "./hf-error.js";
import { httpError, networkReason, toHfError } from "./to-hf-error.js";

describe("toHfError", () => {
  it("turns hub answers, connection failures and aborts into coded one-line errors", () => {
    const denied = new HubApiError("https://hub/api/x", 401);
    denied.message = "Access to model org/g is restricted. URL: https://hub/api/x";
    expect(toHfError(denied, "org/g@main", false)).toMatchObject({
      code: "UNAUTHORIZED",
      message:
        "org/g@main: access denied (401): Access to model org/g is restricted; set HF_TOKEN (or log in) to get access",
    });
    expect(toHfError(new HubApiError("u", 404), "x", true).code).toBe("NOT_FOUND");
    expect(httpError(502, "", "x", true)).toMatchObject({ code: "HTTP", message: "x: the hub answered 502" });
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
    });
    expect(toHfError(refused, "search", false)).toMatchObject({
      code: "NETWORK",
      message: "search: cannot reach the hub (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)",
    });
    expect(toHfError(new DOMException("stop", "AbortError"), "x", false).code).toBe("ABORTED");
    const own = new HfError("OFFLINE", "HF_HUB_OFFLINE is set: x");
    expect(toHfError(own, "y", false)).toBe(own);
    expect(networkReason("plain")).toBe("plain");
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { patternBytes } from "./pattern-bytes.js";
import { testHub } from "./test-utils/test-hub.js";
import type { FixtureRepo } from "./types.js";

const size = 2 * 1024 * 1024;
const repo: FixtureRepo = { id: "org/f", files: { "w.gguf": { size, seed: 3 }, "config.json": "{}" } };
const expected = Buffer.from(patternBytes(3, 0, size));

async function readAll(res: Response): Promise<{ bytes: Buffer; error?: unknown }> {
  const parts: Uint8Array[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: Buffer.concat(parts) };
      parts.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
}

describe("fault modes", () => {
  it("fail: answers the next K requests with the status, then serves normally", async () => {
    const hub = await testHub({ repos: [repo] });
    const url = `${hub.url}/org/f/resolve/main/w.gguf`;
    hub.fail({ path: "w.gguf", times: 2, status: 503 });
    expect((await fetch(`${hub.url}/org/f/resolve/main/config.json`)).status).toBe(200);
    const first = await fetch(url);
    expect(first.status).toBe(503);
    expect(((await first.json()) as { error: string }).error).toContain("503");
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url, { method: "HEAD" })).status).toBe(200);
    hub.fail({});
    expect((await fetch(`${hub.url}/api/models`)).status).toBe(500);
    expect((await fetch(`${hub.url}/api/models`)).status).toBe(200);
    expect(() => hub.fail({ status: 200 })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });

  it("stall: sends some bytes then holds the connection silent until the client aborts", async () => {
    const hub = await testHub({ repos: [repo] });
    hub.stall({ path: "w.gguf", afterBytes: 100_000 });
    const controller = new AbortController();
    const res = await fetch(`${hub.url}/org/f/resolve/main/w.gguf`, { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < 100_000) received += ((await reader.read()).value as Uint8Array).byteLength;
    expect(received).toBe(100_000);
    const next = reader.read();
    const silent = await Promise.race([next.then(() => "data"), sleep(200).then(() => "silent")]);
    expect(silent).toBe("silent");
    controller.abort();
    await expect(next).rejects.toThrow();
    const entry = hub.requests.find((r) => r.path.endsWith("w.gguf"));
    expect(entry?.bytesSent).toBe(100_000);
    const again = await readAll(await fetch(`${hub.url}/org/f/resolve/main/w.gguf`));
    expect(again.bytes.equals(expected)).toBe(true);
  });

  it("corrupt: flips one byte in the next body that covers it, ranges included", async () => {
    const hub = await testHub({ repos: [repo] });
    const url = `${hub.url}/org/f/resolve/main/w.gguf`;
    hub.corrupt({ path: "w.gguf", at: 1_500_000 });
    const head = await readAll(await fetch(url, { headers: { Range: "bytes=0-99" } }));
    expect(head.bytes.equals(expected.subarray(0, 100))).toBe(true);
    const bad = await readAll(await fetch(url, { headers: { Range: "bytes=1000000-" } }));
    const diff = [...bad.bytes].flatMap((b, i) => (b === expected[1_000_000 + i] ? [] : [1_000_000 + i]));
    expect(diff).toEqual([1_500_000]);
    const good = await readAll(await fetch(url));
    expect(createHash("sha256").update(good.bytes).digest("hex")).toBe(
      hub.repo("org/f").files.get("w.gguf")?.sha256,
    );
  });

  it("throttle: paces bodies and logs the bytes each request was sent", async () => {
    const hub = await testHub({ repos: [repo], throttle: 8 * 1024 * 1024 });
    const url = `${hub.url}/org/f/resolve/main/w.gguf`;
    const whole = await readAll(await fetch(url));
    expect(whole.bytes.equals(expected)).toBe(true);
    await readAll(await fetch(url, { headers: { Range: "bytes=2000000-" } }));
    const sent = hub.requests.filter((r) => r.method === "GET").map((r) => r.bytesSent);
    expect(sent).toEqual([size, size - 2_000_000]);
    await expect(testHub({ throttle: 0 })).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

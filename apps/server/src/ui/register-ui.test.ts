import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

const HOSTILE = `</title><script>alert(1)</script><img src=x onerror=alert(2)>`;

describe("registerUi", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    await lib.library.setOverrides(lib.ids.qwen, { name: HOSTILE, notes: HOSTILE });
    app = createServer({ library: lib.library, watch: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("serves every page as HTML that may run only this server's script", async () => {
    for (const url of ["/", "/import", "/hub", "/pulls", "/apps", "/doctor", `/models/${lib.ids.llama}`]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(res.body).toContain('<script type="module" src="/ui/app.js"></script>');
      // No CDN, no web font: every resource the page names is on this server.
      expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\/(?!huggingface\.co\/)/);
    }
  });

  it("escapes model names and notes everywhere they are shown", async () => {
    for (const url of ["/", `/models/${lib.ids.qwen}`]) {
      const body = (await app.inject(url)).body;
      expect(body).toContain(
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;",
      );
      expect(body).not.toContain("<script>alert");
      expect(body).not.toContain("<img");
    }
  });

  it("serves the script and the stylesheet with a validator", async () => {
    const js = await app.inject("/ui/app.js");
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.body).toContain("EventSource");
    const again = await app.inject({
      url: "/ui/app.js",
      headers: { "if-none-match": String(js.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const css = await app.inject("/ui/app.css");
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("keeps the pages out of the OpenAPI document", async () => {
    const paths = Object.keys((await app.inject("/openapi.json")).json().paths);
    expect(paths).toContain("/api/v1/models");
    for (const page of ["/", "/import", "/apps", "/login", "/ui/app.js", "/models/{id}"])
      expect(paths).not.toContain(page);
  });

  it("answers an unknown model with a 404 page naming it", async () => {
    const res = await app.inject("/models/no-such-model-00000000");
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toContain("no-such-model-00000000");
  });

  it("says so when the server has no pulls or no Hugging Face search", async () => {
    const hub = (await app.inject("/hub?q=llama")).body;
    expect(hub).toContain("Pulls are not available: this server was started without downloads");
    expect(hub).toMatch(/cannot search Hugging Face|Search failed/);
  });

  it("refuses a page asked for under a name that is not loopback, as the API does", async () => {
    const res = await app.inject({ url: "/", headers: { host: "attacker.example:8377" } });
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toContain("attacker.example is not served");
    expect(res.body).not.toContain("Llama");
  });
});

import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkServerOptions, createServer } from "./create-server.js";
import { createTestLibrary, type TestLibrary } from "./test-utils/test-library.js";

describe("createServer", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false });
    // A route that fails the way a bug does, to see what reaches the client.
    app.get("/test/boom", async () => {
      throw new Error("disk exploded at /secret/place");
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("refuses to expose the library without a token", () => {
    expect(() => checkServerOptions({ host: "0.0.0.0" })).toThrow(/token/);
    expect(() => createServer({ library: lib.library, host: "192.168.1.2" })).toThrow(
      expect.objectContaining({ code: "NEEDS_TOKEN" }),
    );
    expect(() => checkServerOptions({ host: "0.0.0.0", token: "short" })).toThrow(/8 characters/);
    expect(() => checkServerOptions({ readToken: "read-only-token" })).toThrow(/full token/);
    expect(() => checkServerOptions({ host: "0.0.0.0", token: "a-long-enough-token" })).not.toThrow();
    expect(() => checkServerOptions({ host: "::1" })).not.toThrow();
  });

  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await app.inject("/openapi.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/v1/models",
      "/api/v1/models/{id}",
      "/api/v1/import",
      "/api/v1/verify",
      "/api/v1/jobs/{id}",
      "/api/v1/links/plan",
      "/api/v1/pulls",
      "/api/v1/events",
      "/api/v1/doctor",
      "/api/models",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const list = doc.paths["/api/v1/models"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["q", "type", "format", "quantization", "limit", "offset", "sort"]),
    );
    expect(doc.components.schemas).toHaveProperty("ModelItem");
  });

  it("serves the docs page from the package, nothing from another host", async () => {
    const page = await app.inject("/docs");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger");
    const scripts = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(src, src).not.toMatch(/^(https?:)?\/\//);
    const asset = await app.inject(`/docs/static/swagger-ui-bundle.js`);
    expect(asset.statusCode).toBe(200);
  });

  it("answers errors as {error, code}, never with internals", async () => {
    const missing = await app.inject("/api/v1/nothing-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: "NOT_FOUND" });

    const boom = await app.inject("/test/boom");
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ error: "internal error", code: "INTERNAL" });
    expect(boom.body).not.toContain("secret");

    const invalid = await app.inject("/api/v1/models?limit=5000");
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: "BAD_REQUEST", error: expect.stringContaining("limit") });
    expect(invalid.body).not.toMatch(/at .*\.js:\d+/);

    const unknownKey = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      payload: { paths: ["/x"], evil: 1 },
    });
    expect(unknownKey.statusCode).toBe(400);

    const badJson = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toHaveProperty("code");
  });

  it("refuses bodies over the size limit", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      payload: { paths: ["/x".padEnd(2 << 20, "x")] },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: expect.any(String), error: expect.any(String) });
  });

  it("keeps CORS off unless configured", async () => {
    const res = await app.inject({ url: "/api/v1/health", headers: { origin: "http://evil.example" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    const corsApp = createServer({
      library: lib.library,
      watch: false,
      ui: false,
      cors: ["http://ok.example"],
    });
    try {
      const ok = await corsApp.inject({ url: "/api/v1/health", headers: { origin: "http://ok.example" } });
      expect(ok.headers["access-control-allow-origin"]).toBe("http://ok.example");
      const preflight = await corsApp.inject({
        method: "OPTIONS",
        url: "/api/v1/models/x",
        headers: { origin: "http://ok.example", "access-control-request-method": "DELETE" },
      });
      expect(preflight.statusCode).toBe(204);
      const other = await corsApp.inject({
        url: "/api/v1/health",
        headers: { origin: "http://evil.example" },
      });
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await corsApp.close();
    }
  });
});

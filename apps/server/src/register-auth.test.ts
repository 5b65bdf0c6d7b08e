import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "./create-server.js";
import { TOKEN_COOKIE } from "./register-auth.js";
import { createTestLibrary, type TestLibrary } from "./test-utils/test-library.js";

const TOKEN = "hf_full-access-token-123";
const READ = "hf_read-only-token-456";

describe("authentication", () => {
  let lib: TestLibrary;
  let secured: FastifyInstance;
  let open: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    secured = createServer({ library: lib.library, watch: false, ui: false, token: TOKEN, readToken: READ });
    secured.get("/test/public", { config: { public: true } }, async () => ({ ok: true }));
    open = createServer({ library: lib.library, watch: false, ui: false });
    await Promise.all([secured.ready(), open.ready()]);
  });
  afterAll(async () => {
    await Promise.all([secured.close(), open.close()]);
    await lib.cleanup();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it("refuses requests without a valid token when one is set", async () => {
    for (const url of [
      "/api/v1/models",
      "/api/models",
      "/openapi.json",
      "/docs",
      `/local/${lib.ids.llama}/resolve/main/x`,
      "/no/such/route",
    ]) {
      const res = await secured.inject(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toEqual({ error: "a token is required", code: "UNAUTHORIZED" });
    }
    for (const headers of [
      bearer("wrong-token-of-some-length"),
      bearer(`${TOKEN}x`),
      { authorization: `Basic ${TOKEN}` },
    ]) {
      expect((await secured.inject({ url: "/api/v1/models", headers })).statusCode).toBe(401);
    }
    expect((await secured.inject("/test/public")).statusCode).toBe(200);
  });

  it("gives the full token everything and the read-only token reads only", async () => {
    expect((await secured.inject({ url: "/api/v1/models", headers: bearer(TOKEN) })).statusCode).toBe(200);
    expect((await secured.inject({ url: "/api/v1/models", headers: bearer(READ) })).statusCode).toBe(200);
    expect((await secured.inject({ url: "/api/models", headers: bearer(READ) })).statusCode).toBe(200);
    const pathsInfo = await secured.inject({
      method: "POST",
      url: `/api/models/local/${lib.ids.llama}/paths-info/main`,
      headers: bearer(READ),
      payload: { paths: ["Llama-Test-Q4_K_M.gguf"] },
    });
    expect(pathsInfo.statusCode).toBe(200);
    const write = await secured.inject({
      method: "DELETE",
      url: `/api/v1/models/${lib.ids.llama}`,
      headers: bearer(READ),
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe("FORBIDDEN");
    expect((await secured.inject(`/api/v1/models/${lib.ids.llama}`)).statusCode).toBe(401);
    const verify = await secured.inject({ method: "POST", url: "/api/v1/verify", headers: bearer(TOKEN) });
    expect(verify.statusCode).toBe(202);
  });

  it("takes the token from the cookie, but not for a write from another origin", async () => {
    const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}`;
    expect((await secured.inject({ url: "/api/v1/models", headers: { cookie } })).statusCode).toBe(200);
    const url = `/api/v1/models/${lib.ids.unknown}/overrides`;
    const foreign = await secured.inject({
      method: "PATCH",
      url,
      headers: { cookie, origin: "http://evil.example", host: "127.0.0.1:8377" },
      payload: { notes: "pwned" },
    });
    expect(foreign.statusCode).toBe(403);
    const same = await secured.inject({
      method: "PATCH",
      url,
      headers: { cookie, origin: "http://127.0.0.1:8377", host: "127.0.0.1:8377" },
      payload: { notes: "mine" },
    });
    expect(same.statusCode).toBe(200);
    expect(
      (await secured.inject({ url: "/api/v1/models", headers: { cookie: `${TOKEN_COOKIE}=nope` } }))
        .statusCode,
    ).toBe(401);
  });

  it("without a token, serves only requests addressed to loopback (no DNS rebinding)", async () => {
    expect(
      (await open.inject({ url: "/api/v1/health", headers: { host: "localhost:8377" } })).statusCode,
    ).toBe(200);
    expect((await open.inject({ url: "/api/v1/health", headers: { host: "127.0.0.1" } })).statusCode).toBe(
      200,
    );
    expect((await open.inject({ url: "/api/v1/health", headers: { host: "[::1]:8377" } })).statusCode).toBe(
      200,
    );
    const rebound = await open.inject({ url: "/api/v1/health", headers: { host: "attacker.example:8377" } });
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().code).toBe("FORBIDDEN");
  });
});

import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

const TOKEN = "correct-horse-battery";
const form = (fields: Record<string, string>) => ({
  method: "POST" as const,
  url: "/login",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  payload: new URLSearchParams(fields).toString(),
});

describe("login page", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, token: TOKEN });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("sends a visitor without the token to sign in, then back", async () => {
    const page = await app.inject("/apps?app=comfyui");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/login?next=%2Fapps%3Fapp%3Dcomfyui");
    const login = await app.inject(String(page.headers.location));
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<input type="hidden" name="next" value="/apps?app=comfyui">');
    expect(login.body).not.toContain(lib.root);
    expect((await app.inject("/ui/app.css")).statusCode).toBe(200);
  });

  it("refuses a wrong token and sets an HttpOnly cookie for the right one", async () => {
    const wrong = await app.inject(form({ token: "not-the-token", next: "/" }));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("That token was not accepted.");
    expect(wrong.headers["set-cookie"]).toBeUndefined();

    const right = await app.inject(form({ token: TOKEN, next: "/doctor" }));
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe("/doctor");
    const cookie = String(right.headers["set-cookie"]);
    expect(cookie).toMatch(/^mlib_token=correct-horse-battery; Path=\/; HttpOnly; SameSite=Strict/);

    const doctor = await app.inject({ url: "/doctor", headers: { cookie: cookie.split(";")[0] ?? "" } });
    expect(doctor.statusCode).toBe(200);
    expect(doctor.body).toContain(lib.root);
  });

  it("never sends the visitor to another site after signing in", async () => {
    for (const next of [
      "//evil.example/",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const res = await app.inject(form({ token: TOKEN, next }));
      expect(res.headers.location, next).toBe("/");
    }
  });
});

import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../create-server.js";
import { createTestLibrary, type TestLibrary } from "../test-utils/test-library.js";

describe("library page", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  const rows = (body: string) => body.match(/<tr>\s*<th scope="row">/g)?.length ?? 0;

  it("pages through the models, keeping the filters in its links", async () => {
    const first = (await app.inject("/?limit=2&sort=name")).body;
    expect(rows(first)).toBe(2);
    expect(first).toContain("4 models, showing 1–2");
    expect(first).toContain("Page 1 of 2");
    expect(first).toContain('<a rel="next" href="/?sort=name&amp;limit=2&amp;offset=2">');
    const second = (await app.inject("/?sort=name&limit=2&offset=2")).body;
    expect(second).toContain("showing 3–4");
    expect(second).toContain('<a rel="prev" href="/?sort=name&amp;limit=2">');
    expect(second).toContain('<span aria-disabled="true">Next →</span>');
  });

  it("searches and filters through the API, with facet counts in the filters", async () => {
    const body = (await app.inject("/?type=llm&q=qwen")).body;
    expect(rows(body)).toBe(1);
    expect(body).toContain("Qwen-Test");
    expect(body).toMatch(/<option value="llm" selected>llm \(\d+\)<\/option>/);
    expect(body).toMatch(/<option value="Q8_0">Q8_0 \(1\)<\/option>/);
    expect(body).toContain('<a id="clear" href="/" data-swap>Clear</a>');
  });

  it("filters by tag from a tag link", async () => {
    const body = (await app.inject("/?tag=chat")).body;
    expect(rows(body)).toBe(1);
    expect(body).toContain('<input type="hidden" name="tag" value="chat">');
  });

  it("tells an empty result from an empty library, and shows the API's refusal", async () => {
    expect((await app.inject("/?q=nothing-matches-this")).body).toContain("No model matches.");
    const bad = await app.inject("/?sort=sideways");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Could not list the models");
  });
});

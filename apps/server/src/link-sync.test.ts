import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { kohyaSd15Lora, writeSafetensors } from "@ml-tooling/fixture-hub";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "./create-server.js";
import { createTestLibrary, type TestLibrary } from "./test-utils/test-library.js";

describe("link sync while serving", () => {
  let lib: TestLibrary;
  let app: FastifyInstance;

  beforeAll(async () => {
    lib = await createTestLibrary();
    app = createServer({ library: lib.library, watch: false, ui: false, linkSync: { delayMs: 50 } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await lib.cleanup();
  });

  it("a model imported after an app was linked shows up in the app by itself", async () => {
    const comfy = join(lib.dir, "ComfyUI");
    await mkdir(join(comfy, "models", "loras"), { recursive: true });
    const first = join(lib.dir, "in", "first-lora.safetensors");
    await writeSafetensors(first, kohyaSd15Lora(), { fill: 8 });
    await app.inject({ method: "POST", url: "/api/v1/import", payload: { paths: [first], mode: "copy" } });
    const apply = await app.inject({
      method: "POST",
      url: "/api/v1/links/apply",
      payload: { app: "comfyui", target: comfy },
    });
    expect(apply.statusCode).toBe(200);
    const file = join(lib.dir, "in", "late-lora.safetensors");
    await writeSafetensors(file, kohyaSd15Lora(), { fill: 9 });
    const imported = await app.inject({
      method: "POST",
      url: "/api/v1/import",
      payload: { paths: [file], mode: "copy" },
    });
    expect(imported.statusCode).toBe(200);
    const linked = join(comfy, "models", "loras", "late-lora.safetensors");
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      !(await stat(linked).then(
        () => true,
        () => false,
      ))
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await stat(linked)).isFile()).toBe(true);
  });
});

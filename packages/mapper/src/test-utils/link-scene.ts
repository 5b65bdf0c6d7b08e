// One library file, an app folder and a registry: enough to make and break single links.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type JsonLinkRegistry, openJsonLinkRegistry } from "../json-link-registry.js";
import type { LinkMethod, LinkRecord } from "../link-record.js";
import { makeLink } from "../make-link.js";
import type { LinkSpec } from "../plan.js";

export interface LinkScene {
  lib: string;
  app: string;
  source: string;
  registry: JsonLinkRegistry;
  spec: (name: string, over?: Partial<LinkSpec>) => LinkSpec;
  make: (name: string, method: LinkMethod | "manifest", over?: Partial<LinkSpec>) => Promise<LinkRecord>;
}

export async function linkScene(root: string, content = "weights of the model\n"): Promise<LinkScene> {
  const lib = path.join(root, "lib");
  const app = path.join(root, "app");
  await mkdir(path.join(lib, "lora", "m1"), { recursive: true });
  await mkdir(app, { recursive: true });
  const source = path.join(lib, "lora", "m1", "m.safetensors");
  await writeFile(source, content);
  const registry = await openJsonLinkRegistry(path.join(lib, ".mlib", "links.json"));
  const sha256 = createHash("sha256").update(content).digest("hex");
  const spec = (name: string, over: Partial<LinkSpec> = {}): LinkSpec => ({
    modelId: "m1",
    path: path.join(app, name),
    type: "file",
    sourcePath: source,
    file: "m.safetensors",
    size: Buffer.byteLength(content),
    sha256,
    dirs: [],
    ...over,
  });
  const make = (name: string, method: LinkMethod | "manifest", over: Partial<LinkSpec> = {}) =>
    makeLink({
      spec:
        method === "manifest"
          ? spec(name, { type: "generated", sourcePath: null, file: null, content: "{}", ...over })
          : spec(name, over),
      methods: method === "manifest" ? [] : [method],
      app: "test",
      target: app,
      registry,
    });
  return { lib, app, source, registry, spec, make };
}

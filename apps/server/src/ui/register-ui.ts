import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ModelLibrary } from "@ml/library";
import type { FastifyInstance } from "fastify";
import { registerAppsPage } from "./apps-page.js";
import { registerDoctorPage } from "./doctor-page.js";
import { registerHubPage } from "./hub-page.js";
import { registerImportPage } from "./import-page.js";
import { registerLibraryPage } from "./library-page.js";
import { registerLoginPage } from "./login-page.js";
import { registerModelPage } from "./model-page.js";
import { pageErrorHandler } from "./page-error-handler.js";
import type { UiContext } from "./ui-context.js";

export interface UiDeps {
  library: ModelLibrary;
}

const ASSETS = { "app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8" } as const;

/**
 * Mounts the web UI: server-rendered pages (`/`, `/models/:id`, `/import`, `/hub`, `/pulls`,
 * `/apps`, `/doctor`, `/login`) that read the JSON API in process, plus one script and one
 * stylesheet under `/ui/`. Nothing is fetched from another host. The pages live in their own
 * plugin scope, so their error handler and form parser do not touch the API's.
 */
export async function registerUi(app: FastifyInstance, deps: UiDeps): Promise<void> {
  const ui: UiContext = { libraryRoot: deps.library.paths.root };
  const dir = assetsDir();
  const assets = Object.entries(ASSETS).map(([name, type]) => {
    const body = readFileSync(fileURLToPath(new URL(name, dir)));
    return {
      name,
      type,
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    };
  });
  await app.register(async (scope) => {
    scope.setErrorHandler(pageErrorHandler(ui));
    // Pages are not API: keep them out of the OpenAPI document.
    scope.addHook("onRoute", (route) => {
      route.schema = Object.assign(route.schema ?? {}, { hide: true });
    });
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    for (const asset of assets) {
      scope.get(`/ui/${asset.name}`, { config: { public: true } }, async (request, reply) => {
        reply
          .header("etag", asset.etag)
          .header("cache-control", "no-cache")
          .header("x-content-type-options", "nosniff");
        if (request.headers["if-none-match"] === asset.etag) return reply.code(304).send();
        return reply.type(asset.type).send(asset.body);
      });
    }
    registerLibraryPage(scope, ui);
    registerModelPage(scope, ui);
    registerImportPage(scope, ui);
    registerHubPage(scope, ui);
    registerAppsPage(scope, ui);
    registerDoctorPage(scope, ui);
    registerLoginPage(scope, ui);
  });
}

/** `src/ui/assets/`: beside this module when run from source, else found from the built `dist/ui/`. */
function assetsDir(): URL {
  const here = new URL("./assets/", import.meta.url);
  return existsSync(fileURLToPath(new URL("app.js", here)))
    ? here
    : new URL("../../src/ui/assets/", import.meta.url);
}

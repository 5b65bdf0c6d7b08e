// Shared vitest settings. Tests sit beside the code; forks keep native addons and worker
// threads as they run in production. A JSON report per package lets the root sum totals.
import { defineConfig } from "vitest/config";

export function preset(overrides = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      pool: "forks",
      testTimeout: 60_000,
      hookTimeout: 60_000,
      reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
      ...overrides,
    },
  });
}

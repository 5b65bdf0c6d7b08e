import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Build dist/ unless it is newer than every source file, so child processes run the current code. */
export function ensureBuiltDist(): void {
  const src = join(packageRoot, "src");
  const newestSource = Math.max(
    ...readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .map((name) => statSync(join(src, name)).mtimeMs),
  );
  let built = 0;
  try {
    built = statSync(join(packageRoot, "dist", "index.js")).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built < newestSource) {
    execFileSync("pnpm", ["exec", "tsc", "-p", "tsconfig.build.json"], {
      cwd: packageRoot,
      stdio: "inherit",
    });
  }
}

export const pullChild = join(packageRoot, "src", "test-utils", "pull-child.mjs");

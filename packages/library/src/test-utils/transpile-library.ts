// Child processes in tests (a second process holding the lock, an import killed mid-way) must
// run this package's current source, but Node 20 cannot run TypeScript and dist/ may be stale
// (turbo builds only a package's dependencies before its tests). So the sources are transpiled
// (no type check: a second or two) into a temp folder that links this package's node_modules,
// where the child imports them like the built package.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const srcDir = join(packageDir, "src");

export interface TranspiledLibrary {
  /** file: URL of a transpiled module, by its path under src/ with a .js extension ("store/model-library.js"). */
  moduleUrl(path: string): string;
  cleanup(): Promise<void>;
}

export async function transpileLibrary(): Promise<TranspiledLibrary> {
  const out = await mkdtemp(join(tmpdir(), "mlib-transpiled-"));
  await writeFile(join(out, "package.json"), JSON.stringify({ type: "module" }));
  await symlink(join(packageDir, "node_modules"), join(out, "node_modules"), "dir");
  for (const file of await sourceFiles(srcDir)) {
    const js = ts.transpileModule(await readFile(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    }).outputText;
    const dest = join(out, relative(srcDir, file).replace(/\.ts$/, ".js"));
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, js);
  }
  return {
    moduleUrl: (path) => pathToFileURL(join(out, path)).href,
    cleanup: () => rm(out, { recursive: true, force: true }),
  };
}

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "test-utils") files.push(...(await sourceFiles(path)));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      files.push(path);
    }
  }
  return files;
}

import { stat } from "node:fs/promises";
import path from "node:path";
import { errnoCode } from "./mapper-error.js";

/** `dir` itself, or its closest ancestor that exists, with its stat (links land on that file system). */
export async function nearestExistingDir(dir: string): Promise<{ dir: string; dev: number }> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      const st = await stat(current);
      if (st.isDirectory()) return { dir: current, dev: st.dev };
    } catch (error) {
      if (!["ENOENT", "ENOTDIR"].includes(errnoCode(error) ?? "")) throw error;
    }
    if (path.dirname(current) === current) throw new Error(`${dir}: no existing folder above it`);
  }
}

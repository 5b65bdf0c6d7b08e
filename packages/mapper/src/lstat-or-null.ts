import type { Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { errnoCode } from "./mapper-error.js";

/** lstat of `file`, or null when nothing is there. */
export async function lstatOrNull(file: string): Promise<Stats | null> {
  try {
    return await lstat(file);
  } catch (error) {
    if (["ENOENT", "ENOTDIR"].includes(errnoCode(error) ?? "")) return null;
    throw error;
  }
}

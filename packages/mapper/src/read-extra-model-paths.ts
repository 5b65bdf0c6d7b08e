import { readFile } from "node:fs/promises";
import { type Document, isMap, parseDocument } from "yaml";
import { errnoCode, MapperError } from "./mapper-error.js";

export interface ExtraModelPaths {
  /** The file as read. */
  text: string;
  /** The parsed document, with the source range of every node. */
  doc: Document;
  /** The file's sections as plain data. */
  sections: Record<string, unknown>;
}

/** ComfyUI's extra_model_paths.yaml, or null when the file does not exist. Refuses a file it cannot parse. */
export async function readExtraModelPaths(file: string): Promise<ExtraModelPaths | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return null;
    throw new MapperError("IO_ERROR", `${file}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    throw new MapperError(
      "BAD_CONFIG",
      `${file}: not valid YAML, left untouched: ${first.message.split("\n")[0]}`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new MapperError("BAD_CONFIG", `${file}: top level is not a mapping of sections, left untouched`);
  }
  const data: unknown = doc.toJS();
  return { text, doc, sections: (data ?? {}) as Record<string, unknown> };
}

// Writes or removes one section of ComfyUI's extra_model_paths.yaml. The edit is spliced into
// the text at the section's source range (found with yaml's Document API), so every other byte
// of the user's file (sections, comments, spacing) stays as it was. Should the splice not give
// exactly the intended data, the document is re-serialised through the Document API instead.
import { rm, stat } from "node:fs/promises";
import { writeFileAtomic } from "@ml/progress";
import { Document, isMap, isScalar, parse } from "yaml";
import { errnoCode } from "./mapper-error.js";
import { type ExtraModelPaths, readExtraModelPaths } from "./read-extra-model-paths.js";

/** Comment written above our section, for people reading the file. */
export const SECTION_MARKER = " managed by mlib: `mlib unlink comfyui` removes this section";
const MARKER_LINE = `#${SECTION_MARKER}\n`;

export type SectionValue = Record<string, string | boolean>;

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

const sectionText = (section: string, value: SectionValue) => new Document({ [section]: value }).toString();

/** Source span [start, end) of `section` in a block mapping, or null when it cannot be spliced. */
function span(current: ExtraModelPaths, section: string): [number, number] | null {
  const map = current.doc.contents;
  if (!isMap(map) || map.flow) return null;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === section);
  const start = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  const value = pair?.value as { range?: [number, number, number] } | null | undefined;
  const end = value?.range?.[2] ?? (isScalar(pair?.key) ? pair.key.range?.[2] : undefined);
  return start === undefined || end === undefined ? null : [start, end];
}

function splice(current: ExtraModelPaths | null, section: string, value: SectionValue | null): string | null {
  if (!current) return value ? MARKER_LINE + sectionText(section, value) : "";
  const { text } = current;
  const exists = section in current.sections;
  if (!exists) {
    if (!value) return text;
    const map = current.doc.contents;
    if (isMap(map) && map.flow) return null;
    const separator = text === "" || text.endsWith("\n") ? "" : "\n";
    return text + separator + MARKER_LINE + sectionText(section, value);
  }
  const range = span(current, section);
  if (!range) return null;
  let [start] = range;
  const end = range[1];
  if (!value && text.slice(start - MARKER_LINE.length, start) === MARKER_LINE) start -= MARKER_LINE.length;
  return text.slice(0, start) + (value ? sectionText(section, value) : "") + text.slice(end);
}

/** The data `text` must hold after the edit. */
function intended(current: ExtraModelPaths | null, section: string, value: SectionValue | null): string {
  const sections = { ...(current?.sections ?? {}) };
  if (value) sections[section] = value;
  else delete sections[section];
  return canonical(sections);
}

function reserialise(current: ExtraModelPaths | null, section: string, value: SectionValue | null): string {
  const doc = current?.doc ?? new Document({});
  if (value) doc.set(section, doc.createNode(value));
  else doc.delete(section);
  return isMap(doc.contents) && doc.contents.items.length === 0 && !doc.commentBefore && !doc.comment
    ? ""
    : doc.toString();
}

/**
 * Sets `section` of `file` to `value`, or removes it when `value` is null. A file left with
 * nothing but blank lines is deleted. Refuses (untouched) a file that does not parse.
 */
export async function updateExtraModelPaths(
  file: string,
  section: string,
  value: SectionValue | null,
): Promise<"written" | "unchanged" | "removed-file"> {
  const current = await readExtraModelPaths(file);
  if (!value && !(current && section in current.sections)) return "unchanged";
  if (value && current && canonical(current.sections[section]) === canonical(value)) return "unchanged";

  let text = splice(current, section, value);
  if (text === null || canonical(parse(text) ?? {}) !== intended(current, section, value)) {
    text = reserialise(current, section, value);
  }
  if (text.trim() === "") {
    try {
      await rm(file);
    } catch (error) {
      if (errnoCode(error) !== "ENOENT") throw error;
    }
    return "removed-file";
  }
  let mode = 0o644;
  try {
    mode = (await stat(file)).mode & 0o777;
  } catch (error) {
    if (errnoCode(error) !== "ENOENT") throw error;
  }
  await writeFileAtomic(file, text, { mode });
  return "written";
}

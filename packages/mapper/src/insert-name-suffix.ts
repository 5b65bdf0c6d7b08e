// Renaming a file must keep what apps read from its name: the extension, and the shard pattern
// "-00001-of-00003" that llama.cpp follows to find the other shards.

const SHARD_AND_EXTENSION = /(-\d{5}-of-\d{5})?(\.[A-Za-z0-9_]{1,16})?$/;

/** `name` with `suffix` inserted before any shard pattern and extension ("a-00001-of-00002.gguf" → "a-x-00001-of-00002.gguf"). */
export function insertNameSuffix(name: string, suffix: string): string {
  const slash = name.lastIndexOf("/");
  const dir = name.slice(0, slash + 1);
  const base = name.slice(slash + 1);
  const tail = SHARD_AND_EXTENSION.exec(base)?.[0] ?? "";
  const stem = base.slice(0, base.length - tail.length);
  // A name that is only an extension (".gguf") keeps it as the stem.
  if (stem === "") return `${dir}${base}${suffix}`;
  return `${dir}${stem}${suffix}${tail}`;
}

// Fast pattern lookups over tensor names. Names are grouped by their shape with every number
// segment replaced by `#` (`model.layers.7.mlp.up_proj.weight` → `model.layers.#.mlp.up_proj.weight`),
// so a checkpoint with 100 000 tensors has only a few hundred groups to test each pattern on.

export interface TensorRef {
  name: string;
  /** null when only the name is known (pickle files). */
  shape: readonly number[] | null;
}

/** Real tensor names are under 200 characters; longer ones are skipped so no regex runs on them. */
const MAX_KEY_LENGTH = 1024;
const NUMBER_SEGMENT = /(^|[._])\d+(?=[._]|$)/g;

export function normalizeKey(key: string): string {
  return key.replace(NUMBER_SEGMENT, "$1#");
}

export class KeyIndex {
  private readonly groups = new Map<string, TensorRef[]>();
  private readonly cache = new Map<string, TensorRef[]>();

  constructor(tensors: readonly TensorRef[]) {
    for (const t of tensors) {
      if (t.name.length > MAX_KEY_LENGTH) continue;
      const key = normalizeKey(t.name);
      const group = this.groups.get(key);
      if (group) group.push(t);
      else this.groups.set(key, [t]);
    }
  }

  /** Every tensor whose name matches `pattern`, in input order within each group. */
  matches(pattern: string): TensorRef[] {
    const cached = this.cache.get(pattern);
    if (cached) return cached;
    const { groupRegex, rawRegex } = compile(pattern);
    const found: TensorRef[] = [];
    for (const [key, group] of this.groups) {
      if (!groupRegex.test(key)) continue;
      for (const t of group) if (rawRegex === null || rawRegex.test(t.name)) found.push(t);
    }
    this.cache.set(pattern, found);
    return found;
  }

  has(pattern: string): boolean {
    return this.matches(pattern).length > 0;
  }

  /** First tensor matching `pattern` whose shape is known. */
  firstWithShape(pattern: string): TensorRef | undefined {
    return this.matches(pattern).find((t) => t.shape !== null);
  }
}

/** Patterns come from the signature tables, a fixed set: compile each once per process. */
const compiled = new Map<string, { groupRegex: RegExp; rawRegex: RegExp | null }>();

function compile(pattern: string): { groupRegex: RegExp; rawRegex: RegExp | null } {
  let regexes = compiled.get(pattern);
  if (!regexes) {
    const normalized = normalizeKey(pattern);
    regexes = {
      groupRegex: toRegex(normalized, "#"),
      rawRegex: normalized === pattern ? null : toRegex(pattern, "\\d+"),
    };
    compiled.set(pattern, regexes);
  }
  return regexes;
}

function toRegex(pattern: string, hash: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += ".*";
    else if (ch === "#") source += hash;
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

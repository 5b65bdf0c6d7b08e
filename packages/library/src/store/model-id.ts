const MAX_SLUG = 48;

/** The readable half of a model id: lowercase letters, digits, `.`, `_`, joined by `-`. */
export function modelSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents go, letters stay
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, "-")
    .replace(/^[-._]+/, "")
    .slice(0, MAX_SLUG)
    .replace(/[-._]+$/, "");
  return slug === "" ? "model" : slug;
}

/**
 * A new model id: `<slug>-<first 8 hex of sha256>`. When that is taken, more of the hash is used
 * (two different files differ somewhere in their 64 hex digits), and only two models with the
 * same primary file (a folder model that shares a file with another) get a `-2`, `-3` suffix.
 */
export async function assignModelId(
  name: string,
  sha256: string,
  isTaken: (id: string) => boolean | Promise<boolean>,
): Promise<string> {
  const slug = modelSlug(name);
  for (let digits = 8; digits <= 64; digits += 4) {
    const id = `${slug}-${sha256.slice(0, digits)}`;
    if (!(await isTaken(id))) return id;
  }
  for (let n = 2; ; n++) {
    const id = `${slug}-${sha256}-${n}`;
    if (!(await isTaken(id))) return id;
  }
}

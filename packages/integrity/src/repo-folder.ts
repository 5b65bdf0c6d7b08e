export type RepoType = "model" | "dataset" | "space";

const TYPE_BY_PREFIX: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };

/** `models--org--name` → `{repoType: "model", repoId: "org/name"}`; null for any other folder name. */
export function parseRepoFolder(folder: string): { repoType: RepoType; repoId: string } | null {
  const cut = folder.indexOf("--");
  if (cut < 0) return null;
  const repoType = TYPE_BY_PREFIX[folder.slice(0, cut)];
  const rest = folder.slice(cut + 2);
  if (!repoType || rest === "" || rest.split("--").some((part) => part === "")) return null;
  return { repoType, repoId: rest.replaceAll("--", "/") };
}

/** The cache folder name the official clients use for a repo. */
export function repoFolderName(repoType: RepoType, repoId: string): string {
  return `${repoType}s--${repoId.replaceAll("/", "--")}`;
}

/** Joins a folder from `splitPath` with a `/`-separated relative path. */
export function joinPath(folder: string, relative: string): string {
  if (folder === "") return relative;
  return folder.endsWith("/") ? folder + relative : `${folder}/${relative}`;
}

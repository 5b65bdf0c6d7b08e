/** Fields named by `expand=` or `expand[]=` (both spellings reach the hub). */
export function queryExpand(url: URL): string[] {
  return [...url.searchParams.getAll("expand"), ...url.searchParams.getAll("expand[]")];
}

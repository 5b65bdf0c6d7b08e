import type { LinkFilter, LinkRecord } from "./link-record.js";

/** True when `record` matches every field set in `filter` (registries use it to answer `list`). */
export function matchesFilter(record: LinkRecord, filter: LinkFilter | undefined): boolean {
  if (!filter) return true;
  return (
    (filter.app === undefined || record.app === filter.app) &&
    (filter.target === undefined || record.target === filter.target) &&
    (filter.modelId === undefined || record.modelId === filter.modelId) &&
    (filter.path === undefined || record.path === filter.path) &&
    (filter.kind === undefined || record.kind === filter.kind)
  );
}

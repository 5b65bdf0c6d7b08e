import { inspectLink, type LinkStatus } from "./inspect-link.js";
import type { LinkFilter, LinkRecord, LinkRegistry } from "./link-record.js";
import type { ExtraModelPaths } from "./read-extra-model-paths.js";

export interface LinkHealth {
  record: LinkRecord;
  status: LinkStatus;
  detail: string;
}

export interface CheckLinksOptions {
  /** Hash copies and reflinks instead of comparing size and mtime only. */
  deep?: boolean;
  filter?: LinkFilter;
}

/**
 * The health of every registered link: ok, missing (gone), dangling (symlink to nowhere),
 * replaced (another file, or a hard link the library's file no longer shares), modified (a copy
 * changed since written), config-missing (the config entry is gone).
 */
export async function checkLinks(
  registry: LinkRegistry,
  options: CheckLinksOptions = {},
): Promise<LinkHealth[]> {
  const configs = new Map<string, Promise<ExtraModelPaths | null>>();
  const health: LinkHealth[] = [];
  for (const record of await registry.list(options.filter)) {
    const state = await inspectLink(record, { deep: options.deep ?? false, configs });
    health.push({ record, status: state.status, detail: state.detail });
  }
  return health;
}

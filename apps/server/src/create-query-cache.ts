/** `cached(key, compute)`: compute's answer for `key`, reused while the stamp is unchanged. */
export type QueryCache<T> = (key: string, compute: () => T) => T;

/**
 * A bounded cache of answers (least recently used go first) that are all dropped when
 * `stamp()` changes: the library changed, so any answer may be stale.
 */
export function createQueryCache<T>(stamp: () => number, maxEntries: number): QueryCache<T> {
  const entries = new Map<string, T>();
  let generation = Number.NaN;
  return (key, compute) => {
    const current = stamp();
    if (current !== generation) {
      entries.clear();
      generation = current;
    }
    const hit = entries.get(key);
    if (hit !== undefined) {
      // Refresh its place: the map's order is the eviction order.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = compute();
    entries.set(key, value);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

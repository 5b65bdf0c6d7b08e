/**
 * `2` / `2 and 4` / `2, 4 and 5`; past six items `2, 4, 5 and 40 more`.
 * `count` is the full length when `items` holds only the first ones.
 */
export function formatList(items: readonly (string | number)[], count = items.length): string {
  if (count > 6 || count > items.length) {
    const shown = items.slice(0, 3);
    return `${shown.join(", ")} and ${count - shown.length} more`;
  }
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

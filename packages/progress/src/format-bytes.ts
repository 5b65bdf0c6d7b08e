const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] as const;

/** A byte count in binary units for people: `512 B`, `1.5 KiB`, `20.0 GiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "unknown size";
  const sign = n < 0 ? "-" : "";
  let value = Math.abs(n);
  let unit = 0;
  // 1023.95 KiB would print as "1024.0 KiB": move up a unit once rounding would reach 1024.
  while (unit < units.length - 1 && value >= (unit === 0 ? 1024 : 1023.95)) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${sign}${Math.round(value)} B` : `${sign}${value.toFixed(1)} ${units[unit]}`;
}

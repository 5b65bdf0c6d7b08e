export interface PullRow {
  id: string;
  spec: string;
  state: string;
  reason: string;
  bytesDone: number;
  bytesTotal: number | null;
}

interface Entry {
  id?: string | number;
  spec?: string;
  state?: string;
  reason?: string;
  bytesDone?: number;
  bytesTotal?: number | null;
}

/** The pull list (download queue entries, bare or as `{ pulls }` / `{ items }`) as flat rows. */
export function pullRows(body: unknown): PullRow[] {
  const obj = body as { pulls?: unknown; items?: unknown } | null;
  const list = Array.isArray(body) ? body : (obj?.pulls ?? obj?.items);
  if (!Array.isArray(list)) return [];
  return (list as Entry[]).map((e) => ({
    id: String(e.id ?? ""),
    spec: e.spec ?? "",
    state: e.state ?? "",
    reason: e.reason ?? "",
    bytesDone: typeof e.bytesDone === "number" ? e.bytesDone : 0,
    bytesTotal: typeof e.bytesTotal === "number" ? e.bytesTotal : null,
  }));
}

export interface LinkRow {
  app: string;
  target: string;
  path: string;
  kind: string;
  modelId: string;
  status: string;
  detail: string;
}

interface Health {
  record?: { app?: string; target?: string; path?: string; kind?: string; modelId?: string };
  status?: string;
  detail?: string;
}

/** The link check's answer (mapper `LinkHealth` list, bare or as `{ links }`) as flat rows. */
export function linkRows(body: unknown): LinkRow[] {
  const list = Array.isArray(body) ? body : (body as { links?: unknown } | null)?.links;
  if (!Array.isArray(list)) return [];
  return (list as Health[]).map((h) => ({
    app: h.record?.app ?? "",
    target: h.record?.target ?? "",
    path: h.record?.path ?? "",
    kind: h.record?.kind ?? "",
    modelId: h.record?.modelId ?? "",
    status: h.status ?? "",
    detail: h.detail ?? "",
  }));
}

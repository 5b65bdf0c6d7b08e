// Shapes of the JSON API answers the pages read. Every field the API may leave out is optional:
// the pages show what is there and never trust a value's presence.

export interface ModelListItem {
  id: string;
  name: string;
  type: string;
  subtype?: string | null;
  format: string;
  architecture?: string | null;
  baseModel?: string | null;
  quantization?: string | null;
  parameterCount?: number | null;
  contextLength?: number | null;
  size: number;
  sha256?: string | null;
  tags?: string[];
  repo?: string | null;
  source?: string;
  path?: string;
  addedAt?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface ModelList {
  total: number;
  items: ModelListItem[];
  facets?: Partial<Record<string, FacetCount[]>>;
}

export interface ModelFileInfo {
  name: string;
  size: number;
  sha256?: string;
  blake3?: string;
  path?: string;
}

export interface ModelDetail {
  id: string;
  name: string;
  official_name?: string | null;
  type: string;
  subtype?: string | null;
  family?: string;
  format: string;
  architecture?: string | null;
  base_model?: string | null;
  quantization?: string | null;
  parameter_count?: number | null;
  context_length?: number | null;
  size?: number;
  sha256?: string;
  blake3?: string;
  files: ModelFileInfo[];
  source?: {
    kind?: string;
    repo?: string;
    revision?: string;
    commit?: string;
    path?: string;
    file?: string;
    mode?: string;
  };
  tags?: string[];
  notes?: string;
  folder?: string;
  added_at?: string;
  updated_at?: string;
  unsafe?: string | null;
  identification?: {
    confidence?: number;
    evidence?: { source?: string; detail?: string; strength?: string }[];
  };
  overrides?: Record<string, unknown>;
}

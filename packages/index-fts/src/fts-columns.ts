/**
 * The columns of `models_fts`, in order; `search` weights them in this order too. Fields of like
 * weight share a column (fewer columns are cheaper to write): `names` holds
 * the name and official name, `variant` the architecture and quantization, `details` the base
 * model, type, format, tags, repo and publisher. `facets` holds the filter tokens (see
 * facet-token.ts), never matched by query text.
 */
export const FTS_COLUMNS = ["names", "variant", "details", "notes", "facets"] as const;

const values = `?${", ?".repeat(FTS_COLUMNS.length)}`;

/** Indexes one model: the rowid, then {@link toFtsRow}'s values. */
export const INSERT_FTS_ROW = `INSERT INTO models_fts(rowid, ${FTS_COLUMNS.join(", ")}) VALUES (${values})`;

/**
 * Takes one model out of the index: the rowid, then exactly the values it was indexed with
 * (FTS5 removes the terms it is given; other values would corrupt the index).
 */
export const DELETE_FTS_ROW = `INSERT INTO models_fts(models_fts, rowid, ${FTS_COLUMNS.join(", ")}) VALUES ('delete', ${values})`;

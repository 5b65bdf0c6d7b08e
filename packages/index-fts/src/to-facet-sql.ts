import { type FacetField, facetToken } from "./facet-token.js";

// Filter fields with a column of their own, compared NOCASE (the others are declared so); tags
// live in the facets text only.
const COLUMNS: Partial<Record<FacetField, string>> = {
  type: "m.type",
  format: "m.format",
  architecture: "m.architecture",
  quantization: "m.quantization",
  source: "m.source COLLATE NOCASE",
};
const ASCII = /^\p{ASCII}*$/u;

/**
 * The SQL test of one filter on a `models m` row (any of `values`), for plans that walk an index
 * instead of intersecting facet terms in FTS5; it must pass exactly the rows whose facet token
 * matches. Finding the token in the row's facets text costs ~0.7 µs a row, comparing the column
 * a tenth of that (none when the walked index carries the column, as the sort indexes do), so
 * values that lowercase to ASCII are compared (NOCASE folds ASCII as `toLowerCase` does) and the
 * facets text is searched only for rows whose value has other characters. Adds its parameters
 * to `params` under `prefix`.
 */
export function toFacetSql(
  field: FacetField,
  values: string[],
  params: Record<string, unknown>,
  prefix: string,
): string {
  const tokens = values.map((value, i) => {
    params[`${prefix}t${i}`] = ` ${facetToken(field, value)} `;
    return `instr(m.facets, @${prefix}t${i})`;
  });
  const column = COLUMNS[field];
  if (!column) return `(${tokens.join(" OR ")})`;
  const ascii: string[] = [];
  for (const value of values.map((v) => v.toLowerCase())) {
    if (!ASCII.test(value)) continue;
    params[`${prefix}v${ascii.length}`] = value;
    ascii.push(`@${prefix}v${ascii.length}`);
  }
  const compared = ascii.length ? `${column} IN (${ascii.join(", ")}) OR ` : "";
  return `(${compared}(${column} GLOB '*[^ -~]*' AND (${tokens.join(" OR ")})))`;
}

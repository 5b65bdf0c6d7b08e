/** One query-string value as text: the first when repeated, "" when absent. */
export function queryParam(query: unknown, key: string): string {
  const value = (query as Record<string, unknown> | null)?.[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

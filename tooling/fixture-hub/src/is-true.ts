/** Query and form booleans as the JS ("true") and Python ("True", "1") clients write them. */
export function isTrue(value: string | null): boolean {
  return value !== null && (value.toLowerCase() === "true" || value === "1");
}

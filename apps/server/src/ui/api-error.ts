import type { ApiResponse } from "./call-api.js";

/** The API's own words for a failed call, for showing on the page. */
export function apiError(res: ApiResponse<unknown>): string {
  const body = res.body as { error?: unknown; message?: unknown } | null;
  const said = body?.message ?? body?.error;
  return typeof said === "string" && said !== "" ? said : `the server answered ${res.status}`;
}

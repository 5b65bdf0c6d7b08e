import type { ApiResponse } from "./call-api.js";

/** A page's status from the API answer it shows: the visitor's mistake (4xx) stays theirs, anything else is 502. */
export function pageStatus(res: ApiResponse<unknown>): number {
  if (res.status === 200) return 200;
  return res.status >= 400 && res.status < 500 ? res.status : 502;
}

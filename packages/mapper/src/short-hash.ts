import { createHash } from "node:crypto";

/** First 8 hex digits of sha256(`text`): a stable, short tag that tells two models apart in a name. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

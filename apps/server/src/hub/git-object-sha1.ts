import { createHash } from "node:crypto";

/** Git object id of a body held in memory: sha1 of `"<type> <size>\0" + body`. */
export function gitObjectSha1(type: "blob" | "tree" | "commit", body: Uint8Array): string {
  return createHash("sha1").update(`${type} ${body.byteLength}\0`).update(body).digest("hex");
}

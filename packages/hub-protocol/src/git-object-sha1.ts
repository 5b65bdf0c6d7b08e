import { createHash, type Hash } from "node:crypto";

/** Hash state primed with a git object header ("blob 12\0"); update it with the body, then digest. */
export function gitObjectHash(type: "blob" | "tree" | "commit", size: number): Hash {
  return createHash("sha1").update(`${type} ${size}\0`);
}

/** Git object id of a body held in memory. */
export function gitObjectSha1(type: "blob" | "tree" | "commit", body: Uint8Array): string {
  return gitObjectHash(type, body.byteLength).update(body).digest("hex");
}

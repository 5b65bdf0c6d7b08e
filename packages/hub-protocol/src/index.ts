export { gitObjectHash, gitObjectSha1 } from "./git-object-sha1.js";
export { gitTreeOids } from "./git-tree-oids.js";
export { lfsPointer, lfsPointerInfo } from "./lfs-pointer.js";
export { parseRange, type RangeRequest } from "./parse-range.js";

import { gitObjectSha1 } from "./git-object-sha1.js";

interface TreeNode {
  files: Map<string, string>;
  dirs: Map<string, TreeNode>;
}

/**
 * Git tree ids of every folder of a file set (path -> blob id), keyed by folder path, "" for the
 * root: the tree listing shows them as directory oids and the root one goes into the commit.
 */
export function gitTreeOids(blobs: ReadonlyMap<string, string>): Map<string, string> {
  const root: TreeNode = { files: new Map(), dirs: new Map() };
  for (const [path, oid] of blobs) {
    const parts = path.split("/");
    const name = parts.pop() as string;
    let node = root;
    for (const part of parts) {
      let next = node.dirs.get(part);
      if (!next) {
        next = { files: new Map(), dirs: new Map() };
        node.dirs.set(part, next);
      }
      node = next;
    }
    node.files.set(name, oid);
  }
  const oids = new Map<string, string>();
  hashTree(root, "", oids);
  return oids;
}

function hashTree(node: TreeNode, path: string, oids: Map<string, string>): string {
  const entries: Array<{ sortKey: string; mode: string; name: string; oid: string }> = [];
  for (const [name, oid] of node.files) entries.push({ sortKey: name, mode: "100644", name, oid });
  for (const [name, child] of node.dirs) {
    const oid = hashTree(child, path === "" ? name : `${path}/${name}`, oids);
    // Git orders a folder as if its name ended with "/".
    entries.push({ sortKey: `${name}/`, mode: "40000", name, oid });
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
  const body = Buffer.concat(
    entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.oid, "hex")]),
  );
  const oid = gitObjectSha1("tree", body);
  oids.set(path, oid);
  return oid;
}

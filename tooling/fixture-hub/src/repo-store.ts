import { createHash } from "node:crypto";
import { buildSnapshot, type Snapshot } from "./build-snapshot.js";
import { FixtureHubError } from "./fixture-hub-error.js";
import { normalizeRepo } from "./normalize-repo.js";
import type { FixtureRepo, FixtureRepoInfo, RepoType } from "./types.js";

export interface StoredRepo {
  /** Designation as the client writes it: "org/name", "datasets/org/name", "spaces/org/name". */
  key: string;
  id: string;
  type: RepoType;
  /** The hub's 24-hex database id (`_id`). */
  objectId: string;
  gated: false | "auto" | "manual";
  private: boolean;
  info: Record<string, unknown>;
  defaultBranch: string;
  branches: Map<string, string>;
  /** Every commit ever added stays resolvable, as in git. */
  snapshots: Map<string, Snapshot>;
}

export function repoKey(type: RepoType, id: string): string {
  return type === "model" ? id : `${type}s/${id}`;
}

/** The repos a hub serves, their branches and commits. */
export class RepoStore {
  /** Default-branch view of each repo, the hub's public `repos` map. */
  readonly defaults = new Map<string, FixtureRepoInfo>();
  private readonly repos = new Map<string, StoredRepo>();

  constructor(private readonly lfsThreshold: number) {}

  add(repo: FixtureRepo): FixtureRepoInfo {
    const input = normalizeRepo(repo);
    const snapshot = buildSnapshot(input, this.lfsThreshold);
    const key = repoKey(input.type, input.id);
    const stored: StoredRepo = this.repos.get(key) ?? {
      key,
      id: input.id,
      type: input.type,
      objectId: createHash("sha1").update(key).digest("hex").slice(0, 24),
      gated: input.gated,
      private: input.private,
      info: input.info,
      defaultBranch: input.revision,
      branches: new Map(),
      snapshots: new Map(),
    };
    stored.gated = input.gated;
    stored.private = input.private;
    stored.info = input.info;
    stored.branches.set(input.revision, snapshot.commit);
    stored.snapshots.set(snapshot.commit, snapshot);
    if (input.revision === "main") stored.defaultBranch = "main";
    this.repos.set(key, stored);
    this.defaults.set(key, this.head(stored).info);
    return snapshot.info;
  }

  list(type: RepoType): StoredRepo[] {
    return [...this.repos.values()].filter((repo) => repo.type === type);
  }

  /** The repo named by the first one or two path segments ("org/name" first, then a legacy "name"). */
  match(type: RepoType, segments: string[]): { repo: StoredRepo; used: number } | undefined {
    const [first, second] = segments;
    const two = second === undefined ? undefined : this.repos.get(repoKey(type, `${first}/${second}`));
    if (two) return { repo: two, used: 2 };
    const one = first === undefined ? undefined : this.repos.get(repoKey(type, first));
    return one && { repo: one, used: 1 };
  }

  /** The default branch's snapshot, which every repo has. */
  head(repo: StoredRepo): Snapshot {
    return repo.snapshots.get(repo.branches.get(repo.defaultBranch) as string) as Snapshot;
  }

  /** A branch, a full commit id, or HEAD (the default branch). */
  snapshotOf(repo: StoredRepo, revision: string): Snapshot | undefined {
    const commit = repo.branches.get(revision === "HEAD" ? repo.defaultBranch : revision) ?? revision;
    return repo.snapshots.get(commit);
  }

  /**
   * The revision at the start of `segments`: an encoded one ("refs%2Fpr%2F1") is one segment, an
   * unencoded branch with slashes spans several, so take the shortest prefix that names one.
   */
  snapshotAt(repo: StoredRepo, segments: string[]): { snapshot: Snapshot; used: number } | undefined {
    for (let used = 1; used <= segments.length; used++) {
      const snapshot = this.snapshotOf(repo, segments.slice(0, used).join("/"));
      if (snapshot) return { snapshot, used };
    }
    return undefined;
  }

  /** For FixtureHub.repo(): a designation and an optional branch or commit. */
  info(designation: string, revision?: string): FixtureRepoInfo {
    const repo = this.repos.get(designation);
    if (!repo) {
      throw new FixtureHubError("UNKNOWN_REPO", `fixture hub has no repo ${JSON.stringify(designation)}`);
    }
    const snapshot = this.snapshotOf(repo, revision ?? repo.defaultBranch);
    if (!snapshot) {
      throw new FixtureHubError(
        "UNKNOWN_REVISION",
        `fixture repo ${designation} has no revision ${revision}`,
      );
    }
    return snapshot.info;
  }
}

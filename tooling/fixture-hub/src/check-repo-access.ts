import { HttpError } from "./http-reply.js";
import type { StoredRepo } from "./repo-store.js";

/**
 * Private repos look missing without a token (401 RepoNotFound, as the hub answers); gated repos
 * show their metadata to anyone but want a token for file downloads (401 GatedRepo).
 */
export function checkRepoAccess(repo: StoredRepo, authenticated: boolean, download: boolean): void {
  if (authenticated) return;
  if (repo.private) {
    throw new HttpError(
      401,
      "Repository Not Found for url. Please make sure you specified the correct `repo_id` and `repo_type`. If you are trying to access a private or gated repo, make sure you are authenticated.",
      "RepoNotFound",
    );
  }
  if (download && repo.gated !== false) {
    throw new HttpError(
      401,
      `Access to ${repo.type} ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
      "GatedRepo",
    );
  }
}

import type { ModelLibrary } from "@ml/library";
import type { ProgressSink } from "@ml/progress";
import type { ChangeStamp } from "./create-change-stamp.js";
import type { FacetCounter } from "./create-facet-counter.js";
import type { QueryCache } from "./create-query-cache.js";
import type { Downloads } from "./downloads.js";
import type { EventLog } from "./event-log.js";
import type { HubCatalog } from "./hub/hub-catalog.js";
import type { JobRegistry } from "./job-registry.js";

/** What the routes share: the library and the server's own state. */
export interface ServerContext {
  library: ModelLibrary;
  /** The library root (absolute). */
  root: string;
  events: EventLog;
  jobs: JobRegistry;
  /** Changes whenever the library may have changed: what every cache below keys on. */
  stamp: ChangeStamp;
  facets: FacetCounter;
  /** Answers of `GET /api/v1/models` (serialized JSON), by query. */
  searches: QueryCache<string>;
  catalog: HubCatalog;
  downloads: Downloads | undefined;
  /** Progress of imports, verifies and downloads into the event log, throttled per file. */
  progress: ProgressSink;
  /** Milliseconds between heartbeat comments on event streams. */
  heartbeatMs: number;
}

export { type CreateServerOptions, checkServerOptions, createServer } from "./create-server.js";
export type { DownloadInfo, DownloadState, Downloads, DownloadsEvent } from "./downloads.js";
export { type EventListener, EventLog, type ServerEvent } from "./event-log.js";
export { libraryDownloads } from "./library-downloads.js";
export { type ServeCommandInput, serveCommandOptions, toStartServerOptions } from "./serve-options.js";
export { type HubErrorCode, ServerError, type ServerErrorCode } from "./server-error.js";
export { DEFAULT_PORT, type RunningServer, type StartServerOptions, startServer } from "./start-server.js";

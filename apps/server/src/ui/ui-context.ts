/** What every page shows about the server it runs in. */
export interface UiContext {
  /** Absolute path of the library the server serves. */
  libraryRoot: string;
}

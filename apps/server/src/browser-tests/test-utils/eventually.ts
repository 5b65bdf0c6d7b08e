/**
 * Options for `expect.poll` with room for a loaded machine: pages redraw after server-sent events
 * and fetches, which take longer than poll's default second when the browser shares two cores.
 */
export const EVENTUALLY = { timeout: 5000, interval: 50 } as const;

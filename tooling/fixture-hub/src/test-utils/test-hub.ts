import { onTestFinished } from "vitest";
import { startFixtureHub } from "../start-fixture-hub.js";
import type { FixtureHub, FixtureHubOptions } from "../types.js";

/** A fixture hub closed when the current test ends. */
export async function testHub(opts: FixtureHubOptions = {}): Promise<FixtureHub> {
  const hub = await startFixtureHub(opts);
  onTestFinished(() => hub.close());
  return hub;
}

// A pull in its own process, for tests that kill it: `node pull-child.mjs <endpoint> <spec> <dest>`.
// Prints the PullResult as JSON on success; exits 1 with the message on failure.
import { createHubFetch, pull } from "../../dist/index.js";

const [endpoint, spec, dest] = process.argv.slice(2);
const hub = createHubFetch({ endpoint, offline: false, cacheDir: "/nonexistent/hf-cache" });
try {
  const result = await pull({
    repo: spec,
    dest,
    hub,
    retry: { retries: 3, minDelayMs: 10, maxDelayMs: 100 },
  });
  process.stdout.write(JSON.stringify(result));
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

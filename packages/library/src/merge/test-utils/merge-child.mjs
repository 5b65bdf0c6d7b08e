// Test child for the merge crash test. Loads the library, says "ready", reads one job (a JSON
// line {destination, source} on stdin), opens the destination, says "go", merges the source
// into it, says "merged", closes. Loading before the job lets the test start the next child early.
// argv: <file: URL of transpiled store/model-library.js>
import { createInterface } from "node:readline";

const { ModelLibrary } = await import(process.argv[2]);
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
const [line] = await lines[Symbol.asyncIterator]()
  .next()
  .then((r) => [r.value]);
lines.close();
const { destination, source } = JSON.parse(line);
const library = await ModelLibrary.open(destination);
process.stdout.write("go\n");
const result = await library.merge(source);
process.stdout.write(`merged ${JSON.stringify({ merged: result.merged.length, skipped: result.skipped })}\n`);
await library.close();

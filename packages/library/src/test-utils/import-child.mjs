// Test child for the crash test. Loads the library, says "ready", reads one job (a JSON line
// {root, mode, sources} on stdin), opens (creating) the library, says "go", imports, says
// "imported", closes. Loading before the job lets the test start the next child early.
// argv: <file: URL of transpiled store/model-library.js>
import { createInterface } from "node:readline";

const { ModelLibrary } = await import(process.argv[2]);
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
const [line] = await lines[Symbol.asyncIterator]()
  .next()
  .then((r) => [r.value]);
lines.close();
const { root, mode, sources } = JSON.parse(line);
const library = await ModelLibrary.open(root, { create: true });
process.stdout.write("go\n");
const result = await library.import(sources, { mode });
process.stdout.write(`imported ${JSON.stringify(result)}\n`);
await library.close();

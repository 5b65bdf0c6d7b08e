// Test child: takes the library lock and holds it until its stdin closes (or it is killed).
// argv: <file: URL of transpiled store/library-lock.js> <lock path>
const [moduleUrl, lockPath] = process.argv.slice(2);
const { acquireLibraryLock } = await import(moduleUrl);
const lock = await acquireLibraryLock(lockPath, { timeoutMs: 5000 });
process.stdout.write("locked\n");
process.stdin.resume();
process.stdin.on("end", async () => {
  await lock.release();
  process.exit(0);
});

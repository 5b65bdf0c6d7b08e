import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tinyLlama, writeSafetensors } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-watch-"));
  env = { MLIB_HOME: join(dir, "library"), NO_COLOR: "1" };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib watch", () => {
  it("prints one JSON line per change and stops cleanly on Ctrl-C", async () => {
    const src = join(dir, "tiny.safetensors");
    await writeSafetensors(src, tinyLlama(), { fill: 5 });
    const id =
      (await runCli(["import", "--json", src], env)).json<{ imported: { id: string }[] }>().imported[0]?.id ??
      "";
    const folder = (await runCli(["show", "--json", id], env)).json<{ folder: string }>().folder;

    const stop = new AbortController();
    let seen = "";
    let sawUpdate: () => void = () => {};
    const updated = new Promise<void>((resolve) => {
      sawUpdate = resolve;
    });
    const running = runCli(["watch", "--json"], env, {
      stop: stop.signal,
      onStdout: (text) => {
        seen += text;
        if (seen.includes('"updated"')) sawUpdate();
      },
    });
    // Give chokidar time to start, then edit metadata.json by hand.
    await new Promise((r) => setTimeout(r, 1500));
    const file = join(folder, "metadata.json");
    const meta = JSON.parse(await readFile(file, "utf8"));
    await writeFile(file, JSON.stringify({ ...meta, notes: "edited by hand" }, null, 2));
    await Promise.race([updated, running]);
    stop.abort();
    const run = await running;
    expect(run.stderr).toContain("Watching");
    expect(run.code).toBe(0);
    const event = JSON.parse(seen.trim().split("\n")[0] ?? "{}");
    expect(event).toMatchObject({ kind: "updated", id });
    const found = (await runCli(["search", "--json", "edited"], env)).json<{ items: { id: string }[] }>();
    expect(found.items.map((m) => m.id)).toEqual([id]);
  });
});

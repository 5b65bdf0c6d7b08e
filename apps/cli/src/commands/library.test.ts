import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tinyLlama, writeSafetensors } from "@ml-tooling/fixture-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-utils/run-cli.js";

interface ImportJson {
  imported: { id: string; path: string; sha256: string }[];
  skipped: { path: string; reason: string; code: string; existingId?: string }[];
}
interface ListJson {
  total: number;
  items: {
    id: string;
    name: string;
    type: string;
    format: string;
    quantization: string | null;
    size: number;
  }[];
}

let dir: string;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlib-cli-lib-"));
  env = { MLIB_HOME: join(dir, "library"), NO_COLOR: "1" };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("mlib library commands", () => {
  it("read commands on a folder with no library: one line saying what to do, exit 2", async () => {
    const run = await cli("list");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no library at .*mlib init/);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("init, import, duplicate, list, search, show, stats, verify, rm", async () => {
    expect((await cli("init", "--json")).json()).toMatchObject({ created: true, models: 0 });

    const a = join(dir, "Tiny-Llama-3-BF16.safetensors");
    const b = join(dir, "small-llama-f32.safetensors");
    await writeSafetensors(a, tinyLlama(2, 64, 128, "BF16"), { fill: 1 });
    await writeSafetensors(b, tinyLlama(1, 32, 64, "F32"), { fill: 2 });
    const imp = await cli("import", "--json", a, b);
    expect(imp.code).toBe(0);
    const imported = imp.json<ImportJson>();
    expect(imported.skipped).toEqual([]);
    expect(imported.imported).toHaveLength(2);
    expect(imported.imported[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(a)).toBeTruthy(); // copy mode leaves the source

    const dup = (await cli("import", "--json", a)).json<ImportJson>();
    expect(dup.imported).toEqual([]);
    expect(dup.skipped[0]).toMatchObject({ code: "DUPLICATE", existingId: imported.imported[0]?.id });

    const list = (await cli("list", "--json")).json<ListJson>();
    expect(list.total).toBe(2);
    expect(list.items.map((m) => m.type)).toEqual(["llm", "llm"]);
    const bf16 = (await cli("list", "--json", "--quant", "BF16")).json<ListJson>();
    expect(bf16.items.map((m) => m.id)).toEqual([imported.imported[0]?.id]);
    const found = (await cli("search", "--json", "tiny lla")).json<ListJson>();
    expect(found.items.map((m) => m.id)).toEqual([imported.imported[0]?.id]);

    const id = imported.imported[0]?.id ?? "";
    const show = await cli("show", "--json", id.slice(0, 10));
    expect(show.code).toBe(0);
    expect(show.json<{ id: string; files: { sha256: string }[] }>()).toMatchObject({ id });

    const stats = (await cli("stats", "--json")).json<{
      count: number;
      byType: { value: string; count: number }[];
    }>();
    expect(stats.count).toBe(2);
    expect(stats.byType).toEqual([expect.objectContaining({ value: "llm", count: 2 })]);

    expect((await cli("verify")).code).toBe(0);
    const record = show.json<{ files: { path: string }[] }>();
    const payload = record.files[0]?.path ?? "";
    const bytes = await readFile(payload);
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 0xff;
    await writeFile(payload, bytes);
    const bad = await cli("verify", "--json");
    expect(bad.code).toBe(1);
    expect(bad.json<{ corrupt: number; ok: number }>()).toMatchObject({ corrupt: 1, ok: 1 });

    const removed = await cli("rm", "--json", id);
    expect(removed.code).toBe(0);
    expect((await cli("list", "--json")).json<ListJson>().total).toBe(1);
    expect((await cli("reindex", "--json")).json<{ count: number }>().count).toBe(1);
    expect((await cli("show", id)).code).toBe(2);
  });

  it("refuses pickle without --allow-pickle, names the file and exits 2", async () => {
    const ckpt = join(dir, "final_v2.ckpt");
    // A raw pickle stream: protocol 2 header, an empty dict, STOP.
    await writeFile(ckpt, Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]));
    const run = await cli("import", "--json", ckpt);
    expect(run.code).toBe(2);
    expect(run.json<ImportJson>().skipped[0]).toMatchObject({ code: "UNSAFE", path: ckpt });
    const human = await cli("import", ckpt);
    expect(human.stderr).toContain("--allow-pickle");
  });

  it("bad flags are usage errors", async () => {
    expect((await cli("import", "--mode", "teleport", "x")).code).toBe(2);
    expect((await cli("list", "--limit", "-3")).code).toBe(2);
    expect((await cli("list", "--sort", "colour")).code).toBe(2);
  });

  it("search never fails, whatever the query", async () => {
    const queries = [
      '"',
      "'",
      "(",
      ")",
      "*",
      "^",
      "-",
      "NEAR(",
      "a OR",
      "AND",
      "name:x",
      ":",
      "\\",
      "x".repeat(1000),
      " ",
      "",
    ];
    for (let c = 33; c < 127; c++) queries.push(String.fromCharCode(c));
    for (const q of queries) {
      const run = await cli("search", "--json", q);
      expect(run.code, `query ${JSON.stringify(q)}: ${run.stderr}`).toBe(0);
      expect(run.json<ListJson>().total).toBeGreaterThanOrEqual(0);
    }
  });
});

// `pnpm bench inspect`: `mlib inspect` on 20 GiB sparse GGUF and safetensors files reads headers,
// not weights. Prints wall time of the whole command (Node start-up included) next to a bare
// `node -e 0` start-up measured in the same run.
import { execFileSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "apps", "cli", "dist", "bin.js");
const GiB = 1024 ** 3;
const dir = mkdtempSync(join(tmpdir(), "mlib-bench-inspect-"));

function ggufString(s) {
  const b = Buffer.from(s);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  return Buffer.concat([len, b]);
}
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

/** A llama-shaped Q4_K GGUF whose tensor data (about 20 GiB) is a hole. */
function writeSparseGguf(path) {
  const Q4_K = 12; // ggml type: 256 elements per 144-byte block
  const rows = 4096;
  const cols = 1024 * 256;
  const tensorBytes = ((rows * cols) / 256) * 144;
  const count = Math.ceil((20 * GiB) / tensorBytes);
  const kvs = [
    [ggufString("general.architecture"), u32(8), ggufString("llama")],
    [ggufString("general.name"), u32(8), ggufString("Bench Llama 20G")],
    [ggufString("general.file_type"), u32(4), u32(15)],
    [ggufString("llama.context_length"), u32(4), u32(131072)],
    [ggufString("llama.block_count"), u32(4), u32(count)],
  ];
  const infos = [];
  for (let i = 0; i < count; i++) {
    infos.push(
      ggufString(`blk.${i}.ffn_up.weight`),
      u32(2),
      u64(cols),
      u64(rows),
      u32(Q4_K),
      u64(i * tensorBytes),
    );
  }
  let head = Buffer.concat([
    Buffer.from("GGUF"),
    u32(3),
    u64(count),
    u64(kvs.length),
    ...kvs.flat(),
    ...infos,
  ]);
  head = Buffer.concat([head, Buffer.alloc((32 - (head.length % 32)) % 32)]);
  const fd = openSync(path, "w");
  writeSync(fd, head);
  ftruncateSync(fd, head.length + count * tensorBytes);
  closeSync(fd);
}

/** A safetensors file with a llama-8B-like header whose data (about 20 GiB of F32) is a hole. */
function writeSparseSafetensors(path) {
  const header = {};
  let offset = 0;
  const add = (name, shape) => {
    const size = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + size] };
    offset += size;
  };
  add("model.embed_tokens.weight", [128256, 4096]);
  for (let i = 0; offset < 20 * GiB; i++) {
    for (const p of ["q_proj", "k_proj", "v_proj", "o_proj"])
      add(`model.layers.${i}.self_attn.${p}.weight`, [4096, 4096]);
    for (const p of ["gate_proj", "up_proj"]) add(`model.layers.${i}.mlp.${p}.weight`, [14336, 4096]);
    add(`model.layers.${i}.mlp.down_proj.weight`, [4096, 14336]);
  }
  add("lm_head.weight", [128256, 4096]);
  const json = Buffer.from(JSON.stringify(header));
  const fd = openSync(path, "w");
  writeSync(fd, Buffer.concat([u64(json.length), json]));
  ftruncateSync(fd, 8 + json.length + offset);
  closeSync(fd);
}

function best(runs, fn) {
  let min = Number.POSITIVE_INFINITY;
  let out;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    out = fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: min, out };
}

try {
  const gguf = join(dir, "bench-Q4_K_M.gguf");
  const st = join(dir, "model.safetensors");
  writeSparseGguf(gguf);
  writeSparseSafetensors(st);
  const node = best(5, () => execFileSync(process.execPath, ["-e", "0"]));
  console.log(`node -e 0 (start-up reference)          ${node.ms.toFixed(0).padStart(6)} ms`);
  for (const [label, file] of [
    ["GGUF", gguf],
    ["safetensors", st],
  ]) {
    const r = best(5, () =>
      JSON.parse(execFileSync(process.execPath, [cli, "inspect", "--json", file], { encoding: "utf8" })),
    );
    const { type, quantization, parameterCount } = r.out;
    console.log(
      `mlib inspect 20 GiB sparse ${label.padEnd(11)} ${r.ms.toFixed(0).padStart(6)} ms  (x${(r.ms / node.ms).toFixed(1)} node start-up; ${type}, ${quantization}, ${(parameterCount / 1e9).toFixed(2)}B params)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

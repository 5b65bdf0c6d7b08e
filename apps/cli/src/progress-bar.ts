import { formatBytes } from "@ml/progress";
import { SingleBar } from "cli-progress";
import type { Context } from "./context.js";

export interface ByteBar {
  update(bytesDone: number, label?: string): void;
  stop(): void;
}

const silent: ByteBar = { update: () => {}, stop: () => {} };

/**
 * A bytes progress bar (done/total, rate, ETA) on stderr when it is a terminal; nothing in pipes,
 * with --json or --quiet, so scripts read clean output.
 */
export function byteBar(ctx: Context, total: number, label: string): ByteBar {
  if (!ctx.progress || total <= 0) return silent;
  const started = Date.now();
  const bar = new SingleBar({
    stream: process.stderr,
    format: `{label} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    formatValue: (v, _o, type) => (type === "value" || type === "total" ? formatBytes(v) : String(v)),
    barCompleteChar: "█",
    barIncompleteChar: "░",
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    fps: 10,
  });
  bar.start(total, 0, { label, rate: formatBytes(0) });
  return {
    update(done, nextLabel) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(done, total), {
        rate: formatBytes(done / seconds),
        ...(nextLabel ? { label: nextLabel } : {}),
      });
    },
    stop: () => bar.stop(),
  };
}

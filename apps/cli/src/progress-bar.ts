import { basename } from "node:path";
import { formatBytes, type ProgressSink } from "@ml/progress";
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

/**
 * A progress sink for operations that report @ml/progress events (import, verify, pull): one
 * bytes bar per file in turn, labelled with the file name. Undefined when bars are off, so the
 * operation skips building events.
 */
export function eventBar(ctx: Context): ProgressSink | undefined {
  if (!ctx.progress) return undefined;
  let bar: ByteBar = silent;
  return (event) => {
    switch (event.type) {
      case "file_started":
        bar.stop();
        bar = byteBar(ctx, event.size ?? 0, basename(event.file));
        break;
      case "file_progress":
        bar.update(event.bytesDone);
        break;
      case "file_completed":
      case "completed":
      case "failed":
        bar.stop();
        bar = silent;
        break;
      default:
        break;
    }
  };
}

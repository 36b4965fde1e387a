import type { Writable } from "node:stream";

/** How long a run goes before it shows progress, and how often the line is redrawn. */
const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 200;

export interface Progress {
  /** `bytes` more of `source` were read. */
  read(source: string, bytes: number): void;
  /** Clears the line, before anything else is printed. */
  done(): void;
}

/** No progress shown (a run that reports none, or one that is not on a terminal). */
export const NO_PROGRESS: Progress = { read: () => {}, done: () => {} };

/**
 * A progress line on stderr for long runs — redrawn in place, only on a terminal, and only once a run
 * has gone on for a second, so short runs and pipes never see it.
 */
export function progressLine(
  stderr: Writable & { isTTY?: boolean },
  enabled: boolean,
  now = Date.now,
): Progress {
  if (!enabled || !stderr.isTTY) return NO_PROGRESS;
  const start = now();
  let bytes = 0;
  let inputs = 0;
  let current = "";
  let drawnAt = 0;
  let shown = false;
  return {
    read(source, more) {
      if (source !== current) {
        current = source;
        inputs++;
      }
      bytes += more;
      const time = now();
      if (time - start < SHOW_AFTER_MS || time - drawnAt < REDRAW_EVERY_MS) return;
      drawnAt = time;
      shown = true;
      const rate = bytes / 1e6 / ((time - start) / 1000);
      const line = `llmcost: ${formatBytes(bytes)} read, ${inputs} input${inputs === 1 ? "" : "s"}, ${rate.toFixed(1)} MB/s — ${current}`;
      stderr.write(`\r\u001b[2K${line.slice(0, 120)}`);
    },
    done() {
      if (shown) stderr.write("\r\u001b[2K");
      shown = false;
    },
  };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

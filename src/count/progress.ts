import type { Writable } from "node:stream";
import { displayWidth, tailOf } from "../render/fit-text.js";

/** How wide the line may be when the terminal does not say. */
const DEFAULT_COLUMNS = 80;

/** How long a run goes before it shows progress, and how often the line is redrawn. */
const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 200;

export interface Progress {
  /** `bytes` more of `source` were read. */
  read(source: string, bytes: number): void;
  /**
   * The run will read `bytes` more (the sizes of the files it planned), or an amount not known
   * beforehand (stdin, a pipe): with every amount known, the line shows a percentage and time left.
   */
  expect?(bytes: number | undefined): void;
  /** Clears the line, before anything else is printed. */
  done(): void;
}

/** No progress shown (a run that reports none, or one that is not on a terminal). */
export const NO_PROGRESS: Progress = { read: () => {}, done: () => {} };

/**
 * What a planned run will read, or undefined when that is not known beforehand: stdin has no size
 * (a pipe named as a file has size 0 and is found out when more than planned is read).
 */
export function plannedBytes(inputs: readonly { kind: string; size: number }[]): number | undefined {
  if (inputs.some((input) => input.kind === "stdin")) return undefined;
  return inputs.reduce((sum, input) => sum + input.size, 0);
}

/**
 * A progress line on stderr for long runs — redrawn in place, only on a terminal, and only once a run
 * has gone on for a second, so short runs and pipes never see it. `now` is the clock (milliseconds),
 * passed in: this layer reads none.
 */
export function progressLine(
  stderr: Writable & { isTTY?: boolean; columns?: number },
  enabled: boolean,
  now: () => number,
): Progress {
  if (!enabled || !stderr.isTTY) return NO_PROGRESS;
  const start = now();
  let bytes = 0;
  // What the run will read in all; undefined once any part of it is not known.
  let total: number | undefined = 0;
  let planned = false;
  let inputs = 0;
  let current = "";
  let drawnAt = 0;
  let shown = false;
  return {
    expect(more) {
      planned = true;
      total = more === undefined || total === undefined ? undefined : total + more;
    },
    read(source, more) {
      if (source !== current) {
        current = source;
        inputs++;
      }
      bytes += more;
      // More read than planned (a pipe named as a file, a file that grew): the total was not known.
      if (total !== undefined && bytes > total) total = undefined;
      const time = now();
      if (time - start < SHOW_AFTER_MS || time - drawnAt < REDRAW_EVERY_MS) return;
      drawnAt = time;
      shown = true;
      const seconds = (time - start) / 1000;
      const figures =
        planned && total !== undefined && total > 0 && bytes > 0
          ? `llmcost: ${Math.floor((bytes / total) * 100)}% · ${formatBytes(bytes)} of ${formatBytes(total)} · ${timeLeft((seconds * (total - bytes)) / bytes)} left`
          : `llmcost: ${formatBytes(bytes)} read, ${inputs} input${inputs === 1 ? "" : "s"}, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`;
      stderr.write(`\r\u001b[2K${fitLine(figures, current, stderr.columns)}`);
    },
    done() {
      if (shown) stderr.write("\r\u001b[2K");
      shown = false;
    },
  };
}

/**
 * The figures and the input's name in one screen line: a line that wrapped would leave copies of
 * itself above (the redraw clears only the last screen line), so it stays one column short of the
 * terminal's width, the name losing its start first ("…/deep/name.txt"), then the figures their end.
 */
function fitLine(figures: string, source: string, columns: number | undefined): string {
  const room = Math.max(20, (columns && columns > 0 ? columns : DEFAULT_COLUMNS) - 1);
  const separator = " — ";
  const left = room - displayWidth(figures) - separator.length;
  if (left >= 8) {
    const name = displayWidth(source) <= left ? source : `…${tailOf(source, left - 1)}`;
    return `${figures}${separator}${name}`;
  }
  return displayWidth(figures) <= room ? figures : `${figures.slice(0, room - 1)}…`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** Seconds left, roughly: "~8 s", "~3 min", "~1.5 h". */
function timeLeft(seconds: number): string {
  if (seconds < 60) return `~${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `~${Math.round(seconds / 60)} min`;
  return `~${(seconds / 3600).toFixed(1)} h`;
}

import type { TerminalLayout } from "../render/fit-text.js";
import { type ColorMode, colorLevel } from "./color.js";
import type { CliIO } from "./context.js";

/**
 * How wide the tables may be: the terminal's columns when stdout is one, else COLUMNS (set by the
 * shell, or by hand for a pipe); unknown otherwise, and then nothing is fitted. Bars beside the
 * totals only on a terminal showing colour: never in a pipe, with NO_COLOR or with --color never.
 */
export function layoutFor(mode: ColorMode, io: Pick<CliIO, "env" | "stdout">): TerminalLayout {
  const tty = io.stdout.isTTY === true;
  const fromTerminal = tty ? io.stdout.columns : undefined;
  const fromEnv = /^\d+$/.test(io.env.COLUMNS ?? "") ? Number(io.env.COLUMNS) : undefined;
  const width = [fromTerminal, fromEnv].find((w) => w !== undefined && w > 0);
  return {
    ...(width === undefined ? {} : { width }),
    bars: tty && colorLevel(mode, io) > 0,
  };
}

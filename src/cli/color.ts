import { Chalk, type ChalkInstance } from "chalk";
import type { CliIO } from "./context.js";

export const COLOR_MODES = ["auto", "always", "never"] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR or --color always force it. */
export function colorLevel(mode: ColorMode, io: Pick<CliIO, "env" | "stdout">): 0 | 1 {
  if (mode !== "auto") return mode === "always" ? 1 : 0;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force === "0" || force === "false" ? 0 : 1;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return 0;
  return io.stdout.isTTY ? 1 : 0;
}

/** The chalk to render with for `--color <mode>` on this output. */
export const chalkFor = (mode: ColorMode, io: Pick<CliIO, "env" | "stdout">): ChalkInstance =>
  new Chalk({ level: colorLevel(mode, io) });

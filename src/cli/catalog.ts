import { delimiter } from "node:path";
import { loadCatalog, today } from "../api.js";
import { usageError } from "../errors.js";
import type { Catalog } from "../pricing/types.js";
import { isCalendarDate } from "../pricing/validate.js";
import { type CliIO, cwdOf } from "./context.js";

// The price list and the date a run prices on, for every command that prices.

/** Flags that choose the price list, shared by every command that reads it. */
export interface CatalogFlags {
  pricing?: string[];
  asOf?: string;
}

/**
 * The date a run treats as today: LLMCOST_TODAY when set (reproducible runs and tests, as
 * SOURCE_DATE_EPOCH is for builds), else the system clock in UTC.
 */
export function runDate(io: Pick<CliIO, "env">): string {
  const pinned = io.env.LLMCOST_TODAY;
  if (pinned === undefined || pinned === "") return today();
  if (!isCalendarDate(pinned))
    throw usageError("LLMCOST_TODAY", `expected a date as YYYY-MM-DD, got "${pinned}"`);
  return pinned;
}

/**
 * The catalogue for this run: `LLMCOST_PRICING_DIR` (or the shipped `pricing/`), then the files of
 * `LLMCOST_PRICING` (separated like PATH), then each `--pricing` file; later ones win.
 */
export function catalogFor(flags: CatalogFlags, io: Pick<CliIO, "env" | "cwd">): Promise<Catalog> {
  const fromEnv = (io.env.LLMCOST_PRICING ?? "").split(delimiter).filter(Boolean);
  const dir = io.env.LLMCOST_PRICING_DIR || undefined;
  // A user file's `checked` date is held to the run's today (LLMCOST_TODAY too), not the clock's.
  const userFiles = [...fromEnv, ...(flags.pricing ?? [])];
  return loadCatalog({ dir, userFiles, today: runDate(io), cwd: cwdOf(io) });
}

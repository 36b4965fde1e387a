import { delimiter, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Option } from "commander";
import { loadCatalog, today } from "../api.js";
import { usageError } from "../errors.js";
import type { Catalog } from "../pricing/types.js";
import { isCalendarDate } from "../pricing/validate.js";
import { isModulePath } from "../tokenizers/custom.js";
import type { CliIO } from "./context.js";
import { parseList, parsePath } from "./parse-values.js";

/** Flags that choose the price list, shared by every command that reads it. */
export interface CatalogFlags {
  pricing?: string[];
  asOf?: string;
}

export const pricingOption = () =>
  new Option("--pricing <file>", "a user pricing file that adds or replaces models (repeatable)").argParser(
    (value: string, previous: string[] = []) => [...previous, parsePath("--pricing")(value)],
  );

export const asOfOption = () =>
  new Option("--as-of <date>", "use the prices in force on this date, YYYY-MM-DD (default: today)").argParser(
    (value: string) => {
      if (!isCalendarDate(value))
        throw usageError("--as-of", `expected a date as YYYY-MM-DD, got "${value}"`);
      return value;
    },
  );

/** `--tokenizer`: an id, a ratio spec, or a module path (resolved from the working directory). */
export const tokenizerOption = () =>
  new Option(
    "--tokenizer <id>",
    "count with this tokenizer instead: an id, chars:N, bytes:N, or a module path",
  ).argParser((value: string) => {
    // `--tokenizer ''` (an unset shell variable, say) is said as such, not as an unknown id.
    if (value === "")
      throw usageError("--tokenizer", "expected a tokenizer id or module path, got an empty value");
    return isModulePath(value) ? pathToFileURL(resolve(value)).href : value;
  });

export const providerOption = (description: string) =>
  new Option("-p, --provider <names>", description).argParser((value: string, previous?: string[]) => {
    const names = parseList(value);
    // `-p ''` (an unset shell variable, say) would otherwise quietly mean "the defaults".
    if (names.length === 0) throw usageError("--provider", `expected a provider name, got "${value}"`);
    return [...(previous ?? []), ...names];
  });

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
export function catalogFor(flags: CatalogFlags, io: Pick<CliIO, "env">): Promise<Catalog> {
  const fromEnv = (io.env.LLMCOST_PRICING ?? "").split(delimiter).filter(Boolean);
  const dir = io.env.LLMCOST_PRICING_DIR || undefined;
  return loadCatalog({ dir, userFiles: [...fromEnv, ...(flags.pricing ?? [])] });
}

import { type EstimatePlan, failIfNothingPriceable } from "../api.js";
import { priceInputs, totalEstimate } from "../core/estimate.js";
import { findModel } from "../core/select-models.js";
import { stalePrices } from "../core/staleness.js";
import type { Estimate } from "../core/types.js";
import { dataError, LlmcostError, usageError } from "../errors.js";
import type { Catalog } from "../pricing/types.js";
import type { Warn } from "./context.js";
import { warnFutureDate } from "./retirement.js";

/**
 * The checks estimate and diff make on their command line before anything is planned or read: one
 * output assumption, and stdin named at most once.
 */
export function checkOperands(
  paths: readonly string[],
  flags: { outputTokens?: number; outputRatio?: string },
): void {
  if (flags.outputTokens !== undefined && flags.outputRatio !== undefined)
    throw usageError("--output-ratio", "cannot be combined with --output-tokens");
  if (paths.filter((path) => path === "-").length > 1) throw usageError("-", "stdin can be read only once");
}

/**
 * The checks estimate and diff make on their plan before any input is read: `--as-of` after today is
 * warned of, a selection with no model priceable on the date is a usage error (unless `priceable` is
 * false: requests may name their own models), and prices older than `--max-price-age` a data error.
 */
export function checkPlan(
  plan: EstimatePlan,
  run: {
    command: string;
    asOf: string | undefined;
    today: string;
    warn: Warn;
    priceable?: boolean;
    maxPriceAge?: number;
  },
): void {
  warnFutureDate(run.asOf, run.today, plan.models, plan.options.named, run.warn);
  const upFront = pricedUpFront(plan);
  if (run.priceable ?? true) failIfNothingPriceable(upFront, run.command);
  failIfStale(upFront, run.today, run.maxPriceAge);
}

/**
 * The plan priced with no input: which models can be priced on the date, in the mode, and when their
 * prices were checked. Cheap (nothing is counted), so a run can fail on it before reading any input —
 * a bad model, date or mode must not cost the user a 10 MB read first.
 */
function pricedUpFront(plan: EstimatePlan): Estimate {
  return totalEstimate(priceInputs([], plan.models, plan.tokenizers, plan.options));
}

/** Usage error (64) when no model of the selection can be priced: one check for the CLI and the library. */
export { failIfNothingPriceable };

/** Data error (65) when --max-price-age is given and a priced model's price was checked too long ago. */
export function failIfStale(estimate: Estimate, today: string, maxPriceAge: number | undefined): void {
  if (maxPriceAge === undefined) return;
  const stale = stalePrices(estimate, today, maxPriceAge);
  if (stale.length === 0) return;
  const list = stale.map((s) => `${s.model} (checked ${s.checked})`).join(", ");
  throw dataError(
    `--max-price-age ${maxPriceAge}`,
    `prices checked more than ${maxPriceAge} days ago: ${list}`,
  );
}

/**
 * The models a saved report was priced for, each checked against the price list: a name it does not
 * know (`__proto__`, or a model since removed) is the file's fault, not the command line's.
 */
export function modelsOfReport(catalog: Catalog, names: readonly string[], date: string, file: string) {
  for (const name of names) {
    try {
      findModel(catalog, name, date);
    } catch (error) {
      if (!(error instanceof LlmcostError)) throw error;
      throw dataError(file, `names model ${JSON.stringify(name)}: ${error.reason}`);
    }
  }
  return [...names];
}

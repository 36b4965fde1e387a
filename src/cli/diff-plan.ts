import { type EstimatePlan, planEstimate } from "../api.js";
import { billingDifferences } from "../core/billing-compare.js";
import type { Baseline } from "../core/diff.js";
import type { OutputAssumption } from "../core/types.js";
import type { BILLING_OPTIONS } from "./billing-options.js";
import { catalogFor, runDate } from "./catalog.js";
import type { CliIO, Warn } from "./context.js";
import type { MODEL_SELECTION, OUTPUT_ASSUMPTION, PRICING } from "./option-groups.js";
import type { FlagsOf } from "./option-records.js";
import { checkPlan, modelsOfReport } from "./plan-checks.js";

/** What `diff` plans with: the model selection, prices and output flags it shares with `estimate`. */
export type DiffPlanFlags = FlagsOf<
  typeof MODEL_SELECTION & typeof OUTPUT_ASSUMPTION & typeof PRICING & typeof BILLING_OPTIONS
> & {
  baseline?: string;
};

/**
 * One plan for both sides: the same date, prices, models and output assumption. With --baseline, what
 * the flags leave open is taken from the report, so that both sides are priced alike.
 */
export async function planDiff(
  flags: DiffPlanFlags,
  io: CliIO,
  baseline: Baseline | undefined,
  warn: Warn,
): Promise<EstimatePlan> {
  const chosen = flags.model !== undefined || flags.provider !== undefined || flags.all;
  const outputGiven = flags.outputTokens !== undefined || flags.outputRatio !== undefined;
  const output: Pick<EstimateRequestLike, "outputTokens" | "outputRatio"> =
    outputGiven || !baseline
      ? { outputTokens: flags.outputTokens, outputRatio: flags.outputRatio }
      : fromAssumption(baseline.output);
  const catalog = await catalogFor(flags, io);
  const date = flags.asOf ?? baseline?.date ?? runDate(io);
  const plan = await planEstimate({
    catalog,
    models:
      flags.model ??
      (baseline && !chosen
        ? modelsOfReport(
            catalog,
            baseline.side.results.map((r) => r.model),
            date,
            flags.baseline ?? "--baseline",
          )
        : undefined),
    providers: flags.provider,
    all: flags.all,
    ...output,
    date,
    batch: flags.batch ?? baseline?.billing.batch,
    cachedRatio: flags.cachedRatio ?? baseline?.billing.cachedRatio,
    // Both sides are priced alike: a billing unit the flags leave open is the baseline's.
    cacheWriteRatio: flags.cacheWriteRatio ?? baseline?.billing.cacheWriteRatio,
    cacheTtl: flags.cacheTtl ?? baseline?.billing.cacheTtl,
    serviceTier: flags.serviceTier ?? baseline?.billing.serviceTier,
    endpoint: flags.endpoint ?? baseline?.billing.endpoint,
    at: flags.at ?? baseline?.billing.at,
    tokenizer: flags.tokenizer,
  });
  // Before any input is read (see estimate).
  checkPlan(plan, { command: "diff", asOf: flags.asOf, today: runDate(io), warn });
  if (baseline && flags.baseline !== undefined) {
    if (flags.asOf !== undefined && flags.asOf !== baseline.date)
      warn(
        `--as-of ${flags.asOf}`,
        `the baseline was priced on ${baseline.date}: the difference includes any price change`,
      );
    // A billing flag given that bills otherwise than the baseline did: the difference includes it.
    const priced = { ...baseline.billing, ...plannedUnits(flags) };
    for (const flag of billingDifferences(baseline.billing, priced))
      warn(flag, "differs from the baseline's billing: the difference includes it");
    if (outputGiven && JSON.stringify(plan.options.output) !== JSON.stringify(baseline.output))
      warn(
        flags.outputTokens !== undefined ? "--output-tokens" : "--output-ratio",
        "differs from the baseline's output assumption: the difference includes it",
      );
  }
  return plan;
}

/** The billing units the flags give (those left out are the baseline's). */
function plannedUnits(flags: DiffPlanFlags) {
  const { cacheWriteRatio, cacheTtl, serviceTier, endpoint, at } = flags;
  const given = { cacheWriteRatio, cacheTtl, serviceTier, endpoint, at };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

interface EstimateRequestLike {
  outputTokens?: number;
  outputRatio?: string;
}

function fromAssumption(output: OutputAssumption): EstimateRequestLike {
  if (output.kind === "tokens") return { outputTokens: output.tokens };
  if (output.kind === "ratio") return { outputRatio: output.ratio };
  return {};
}

import type { BudgetReport } from "../core/budget.js";
import type { CompareTo } from "../core/cost-comparison.js";
import { buildEstimateReport } from "../core/reports/estimate.js";
import type { Estimate, PricedInputs } from "../core/types.js";
import type { SkippedInput } from "../io/read-inputs.js";
import { ESTIMATE_RENDERERS } from "../render/estimate.js";
import { chalkFor } from "./color.js";
import type { CliIO } from "./context.js";
import type { EstimateFlags } from "./estimate-options.js";
import { layoutFor } from "./terminal.js";

/** An estimate in the format asked for (estimate, merge): its report, through the format's renderer. */
export function renderEstimate(
  priced: PricedInputs,
  result: Estimate,
  flags: Pick<EstimateFlags, "format" | "perFile" | "color" | "perRequest" | "showSources">,
  io: Pick<CliIO, "env" | "stdout">,
  budget?: BudgetReport,
  compareTo?: CompareTo,
  skipped?: readonly SkippedInput[],
): string {
  const report = buildEstimateReport(result, {
    priced,
    perFile: flags.perFile,
    perRequest: flags.perRequest,
    budget,
    compareTo,
    skipped,
    showSources: flags.showSources,
  });
  return ESTIMATE_RENDERERS[flags.format](report, {
    chalk: chalkFor(flags.color, io),
    layout: layoutFor(flags.color, io),
  });
}

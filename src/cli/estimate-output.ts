import type { BudgetReport } from "../core/budget.js";
import type { Estimate, PricedInputs } from "../core/types.js";
import type { SkippedInput } from "../io/read-inputs.js";
import type { CompareTo } from "../render/cost-comparison.js";
import { renderCsv } from "../render/csv.js";
import { renderEstimateMarkdown } from "../render/estimate-markdown.js";
import { renderJson } from "../render/json.js";
import { renderJsonl } from "../render/jsonl.js";
import { renderTable } from "../render/table.js";
import { chalkFor } from "./color.js";
import type { CliIO } from "./context.js";
import type { EstimateFlags } from "./estimate-options.js";

/** An estimate in the format asked for (estimate, merge); jsonl shows the inputs priced one by one, before totals. */
export function renderEstimate(
  priced: PricedInputs,
  result: Estimate,
  flags: Pick<EstimateFlags, "format" | "perFile" | "color" | "perRequest">,
  io: Pick<CliIO, "env" | "stdout">,
  budget?: BudgetReport,
  compareTo?: CompareTo,
  skipped?: readonly SkippedInput[],
): string {
  const perFile = flags.perFile ?? false;
  if (flags.format === "jsonl") return renderJsonl(priced);
  if (flags.format === "json") return renderJson(result, { perFile, budget, compareTo, skipped });
  if (flags.format === "csv") return renderCsv(result, { perFile, perRequest: flags.perRequest });
  if (flags.format === "markdown") return renderEstimateMarkdown(result, { perFile, budget, compareTo });
  return renderTable(result, {
    chalk: chalkFor(flags.color, io),
    perFile,
    budget,
    compareTo,
    range: budget?.on !== undefined && budget.on !== "expected",
  });
}

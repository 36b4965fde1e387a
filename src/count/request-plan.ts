import type { EstimatePlan } from "../api.js";
import type { CountedRequests } from "../core/requests/counted-requests.js";
import type { CountedInput } from "../core/types.js";
import type { SkippedInput } from "../io/read-inputs.js";
import { priceAt } from "../pricing/price-at.js";
import type { Tokenizer } from "../tokenizers/types.js";
import type { RequestCounting } from "./count-requests.js";

/**
 * The plan to price request inputs with: models requests named are added (priced only for them), the
 * run's models stay if any text or request is priced for them, and batch files bill at batch rates.
 */
export function planForRequests(
  plan: EstimatePlan,
  inputs: readonly (CountedInput | CountedRequests)[],
  counting: RequestCounting,
  tokenizers: Map<string, Tokenizer>,
): EstimatePlan {
  const sets = inputs.filter((input): input is CountedRequests => "tokens" in input);
  if (sets.length === 0) return plan;
  const keepRunModels = sets.length < inputs.length || counting.usedRunModels();
  const runModels = keepRunModels ? plan.models : [];
  const named = counting.named().filter((model) => !runModels.some((m) => m.id === model.id));
  const models = [...runModels, ...named];
  const notes: string[] = [];
  const batch = sets.filter((set) => set.kind === "batch");
  if (batch.length > 0 && !plan.options.billing?.batch) {
    // Priced per input (core/estimate.ts): other inputs of the run keep standard rates.
    notes.push("batch files are priced at Batch API rates");
    const date = plan.options.date;
    const without = models.filter((model) => {
      const period = priceAt(model, date);
      return (
        period !== undefined &&
        period.batchInput === undefined &&
        batch.some((set) => set.tokens.has(model.id))
      );
    });
    if (without.length > 0)
      notes.push(
        `no batch price in the price list, standard rates used: ${without.map((m) => m.id).join(", ")}`,
      );
  }
  return {
    models,
    tokenizers,
    options: {
      ...plan.options,
      named: new Set([...(plan.options.named ?? []), ...counting.named().map((model) => model.id)]),
      requestModels: new Set(named.map((model) => model.id)),
      notes: [...(plan.options.notes ?? []), ...notes],
    },
  };
}

/** Invalid batch lines skipped with --skip-invalid, as the JSON report's `skipped` lists them. */
export function skippedLines(inputs: readonly (CountedInput | CountedRequests)[]): SkippedInput[] {
  return inputs.flatMap((input) =>
    "tokens" in input
      ? input.skipped.map(({ line, reason }) => ({ source: `${input.source}:${line}`, reason }))
      : [],
  );
}

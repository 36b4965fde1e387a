import { type EstimatePlan, type EstimateRequest, planEstimate } from "../api.js";
import { billedPeriod, STANDARD_BILLING } from "../core/billing.js";
import { findModel } from "../core/select-models.js";
import { LlmcostError, usageError } from "../errors.js";
import type { Catalog } from "../pricing/types.js";

/** The model --compare-to names, as of the run's date; an unknown name is a usage error with a hint. */
export function referenceModel(catalog: Catalog, name: string, date: string): string {
  // An empty name would be "close" to the shortest id in the list: say what is wrong instead.
  if (name.trim() === "") throw usageError("--compare-to", "expected a model id or alias, got an empty name");
  try {
    return findModel(catalog, name, date).id;
  } catch (error) {
    if (error instanceof LlmcostError) throw usageError(`--compare-to ${name}`, error.reason);
    throw error;
  }
}

/**
 * The plan with the reference model in it and named: a reference outside the selection is added to
 * it (after the models named, or after the defaults), so that `-p anthropic --compare-to gpt-4o`
 * works. Only the reference joins the models named: a retired reference is priced at its last price
 * (the retirement policy), and the defaults stay unnamed (no warnings of their own).
 */
export async function withReference(
  plan: EstimatePlan,
  request: EstimateRequest,
  reference: string,
  name: string,
): Promise<EstimatePlan> {
  let withIt = plan;
  if (!plan.models.some((model) => model.id === reference)) {
    const chosen = request.models !== undefined || request.all || (request.providers?.length ?? 0) > 0;
    const models = chosen ? (request.models ?? []) : plan.models.map((model) => model.id);
    withIt = await planEstimate({ ...request, models: [...models, reference] }).catch((error: unknown) => {
      if (
        error instanceof LlmcostError &&
        error.option === "models" &&
        error.subject === `models ${reference}`
      )
        throw usageError(`--compare-to ${name}`, error.reason);
      throw error;
    });
  }
  const named = new Set([...(plan.options.named ?? []), reference]);
  const result = { ...withIt, options: { ...withIt.options, named } };
  checkReferencePriced(result, reference, name);
  return result;
}

/** The reference must have a price on the date (and in the billing mode), or there is nothing to compare with. */
function checkReferencePriced(plan: EstimatePlan, reference: string, name: string): void {
  const model = plan.models.find((m) => m.id === reference);
  if (!model) return;
  const date = plan.options.date;
  // Named, so a retired reference is priced at its last price, as any model named.
  const billed = billedPeriod(model, date, plan.options.billing ?? STANDARD_BILLING, true);
  const reason = "reason" in billed ? billed.reason : undefined;
  if (reason !== undefined)
    throw usageError(`--compare-to ${name}`, `${reference} is not priced on ${date} (${reason})`);
}

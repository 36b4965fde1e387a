import type { Model, PricePeriod } from "../pricing/types.js";
import type { ModelResult } from "./types.js";

/** A priced model's period, as the notes below need it. */
interface Priced {
  model: Model;
  period: PricePeriod;
}

/**
 * Notes for requests priced past what the price list knows, so a cost that may be under the bill is
 * never shown silently: a host's long-context tier taken from the served model in proportion (the
 * host's own was not recorded, inferred-tiers.ts), and a request larger than a period's `pricedUpTo`
 * (the provider bills it at a tier no dated source gave, so it is priced at the recorded price).
 * A request input's results are totals: its largest request (input and output) stands for its input.
 */
export function priceLimitNotes(priced: readonly Priced[], results: readonly ModelResult[]): string[] {
  const notes: string[] = [];
  for (const { model, period } of priced) {
    const own = results.filter((result) => result.model === model.id && result.requests > 0);
    const seller = model.hostName ?? model.providerName;
    if (period.tiersInferredFrom && own.some((result) => result.longContext)) {
      const above = (period.tiers ?? []).map((tier) => tier.above.toLocaleString("en-US")).join(", ");
      notes.push(
        `${model.id}: ${seller}'s own price above ${above} input tokens is not recorded: priced at ${period.tiersInferredFrom}'s long-context prices in proportion`,
      );
    }
    const limit = period.pricedUpTo;
    if (limit !== undefined && own.some((result) => largestInput(result) > limit))
      notes.push(
        `${model.id}: ${seller}'s price above ${limit.toLocaleString("en-US")} input tokens is not recorded: priced at the recorded price, so the cost shown may be under the bill`,
      );
  }
  return notes;
}

function largestInput(result: ModelResult): number {
  return result.requests === 1 ? result.inputTokens : result.largestRequestTokens;
}

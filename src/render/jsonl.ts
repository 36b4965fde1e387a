import { SHARD_VERSION, shardHeaderRecord, shardInputRecord } from "../core/documents/shard.js";
import type { PricedInput, PricedInputs } from "../core/types.js";

/** Version of the `--format jsonl` records; `llmcost merge` reads this version. */
export const JSONL_VERSION = SHARD_VERSION;

/**
 * `--format jsonl`: a header record (date, billing, the models and where their totals start), then one
 * record per input with its result for every model. The records are core/documents/shard.ts's; this
 * only writes one per line.
 */
export function renderJsonl(priced: PricedInputs): string {
  const { inputs, ...header } = priced;
  return jsonlHeader(header) + inputs.map(jsonlInput).join("");
}

/** The header line of a jsonl shard. */
export function jsonlHeader(header: Omit<PricedInputs, "inputs">): string {
  return `${JSON.stringify(shardHeaderRecord(header))}\n`;
}

/** One input's line of a jsonl shard. */
export function jsonlInput(input: PricedInput): string {
  return `${JSON.stringify(shardInputRecord(input))}\n`;
}

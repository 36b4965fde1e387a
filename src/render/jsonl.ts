import type { PricedInput, PricedInputs } from "../core/types.js";

/** Version of the `--format jsonl` records; `llmcost merge` reads this version. */
export const JSONL_VERSION = 2;

/**
 * `--format jsonl`: a header record (date, billing, the models and where their totals start), then one
 * record per input with its result for every model. Money is in integer picodollars (10⁻¹² USD) as
 * decimal strings, so that `llmcost merge` can add shards exactly.
 */
export function renderJsonl(priced: PricedInputs): string {
  const { inputs, ...header } = priced;
  return jsonlHeader(header) + inputs.map(jsonlInput).join("");
}

/** The header line of a jsonl shard. */
export function jsonlHeader(header: Omit<PricedInputs, "inputs">): string {
  return jsonlLine({ type: "header", version: JSONL_VERSION, money: "picodollars", ...header });
}

/** One input's line of a jsonl shard. */
export function jsonlInput(input: PricedInput): string {
  return jsonlLine({ type: "input", ...input });
}

const jsonlLine = (record: object) => `${JSON.stringify(record, bigintsAsStrings)}\n`;

function bigintsAsStrings(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

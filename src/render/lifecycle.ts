import type { ModelResult } from "../core/types.js";

/** The mark after a model's id in tables: retired (priced at its last price) or retiring. */
export function lifecycleTag(r: Pick<ModelResult, "retired" | "retires">): string {
  if (r.retired !== undefined) return " (retired)";
  if (r.retires !== undefined) return " (retiring)";
  return "";
}

/** The lines under a table that say when each marked model retired or retires, and its successor. */
type Marked = Pick<ModelResult, "model" | "retired" | "retires" | "successor">;

export function lifecycleNotes(results: readonly Marked[]): string[] {
  const successor = (r: Marked) => (r.successor ? ` (successor ${r.successor})` : "");
  const retired = results.filter((r) => r.retired !== undefined);
  const retiring = results.filter((r) => r.retired === undefined && r.retires !== undefined);
  const lines: string[] = [];
  if (retired.length > 0)
    lines.push(
      `Retired, priced at their last price: ${retired.map((r) => `${r.model} on ${r.retired}${successor(r)}`).join(", ")}`,
    );
  if (retiring.length > 0)
    lines.push(`Retiring: ${retiring.map((r) => `${r.model} on ${r.retires}${successor(r)}`).join(", ")}`);
  return lines;
}

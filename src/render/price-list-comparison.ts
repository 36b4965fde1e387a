import type { PriceListComparison } from "../core/price-list-comparison.js";
import { toUsdPerMillion } from "../pricing/money.js";
import { countOf, formatPercentOf, formatPricePerMillion, formatUsd, plural } from "./format.js";

/** `llmcost pricing check --against`: the differences as lines (or JSON), with a summary. */
export function renderComparison(
  comparison: PriceListComparison,
  options: { date: string; threshold: string; json: boolean },
): string {
  if (options.json) {
    const differences = comparison.differences.map((d) => ({
      ...d,
      ours: toUsdPerMillion(d.ours),
      theirs: toUsdPerMillion(d.theirs),
      percent: Number.isFinite(d.percent) ? Number(d.percent.toFixed(2)) : null,
    }));
    return `${JSON.stringify({ date: options.date, compared: comparison.compared, unknown: comparison.unknown, differences }, null, 2)}\n`;
  }
  const lines = comparison.differences.map((d) => {
    const change = d.theirs - d.ours;
    const percent =
      d.ours === 0n
        ? `from ${formatUsd(0n)}`
        : `${change > 0n ? "+" : "-"}${formatPercentOf(change < 0n ? -change : change, d.ours)}`;
    const other = d.otherId === d.model ? "" : ` (${d.otherId})`;
    // Prices per 1M tokens, exact, as the models table shows them.
    return `${d.model}${other} ${d.field}: ${formatPricePerMillion(d.ours)} here, ${formatPricePerMillion(d.theirs)} there (${percent})`;
  });
  const unknown = comparison.unknown.length;
  lines.push(
    `${countOf(comparison.compared, "model")} compared on ${options.date}: ${differText(comparison.differences.length, options.threshold)}; ${countOf(unknown, "model")} of the other list ${plural(unknown, "is", "are")} not in llmcost's`,
  );
  return `${lines.join("\n")}\n`;
}

/** "1 price differs by more than 5%", "3 prices differ by more than 5%". */
export function differText(count: number, threshold: string): string {
  return `${countOf(count, "price")} ${plural(count, "differs", "differ")} by more than ${threshold}%`;
}

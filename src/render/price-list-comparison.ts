import type { PriceListComparison } from "../core/price-list-comparison.js";
import { PRICE_DECIMALS, scaledToDecimal, toUsdPerMillion } from "../pricing/money.js";

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
    const percent = Number.isFinite(d.percent)
      ? `${d.percent > 0 ? "+" : ""}${d.percent.toFixed(1)}%`
      : "from $0";
    const other = d.otherId === d.model ? "" : ` (${d.otherId})`;
    return `${d.model}${other} ${d.field}: $${scaledToDecimal(d.ours, PRICE_DECIMALS)} here, $${scaledToDecimal(d.theirs, PRICE_DECIMALS)} there (${percent})`;
  });
  lines.push(
    `${comparison.compared} model${comparison.compared === 1 ? "" : "s"} compared on ${options.date}: ${comparison.differences.length} prices differ by more than ${options.threshold}%; ${comparison.unknown.length} models of the other list are not in llmcost's`,
  );
  return `${lines.join("\n")}\n`;
}

import { lifecycleWarning, standingOn, withoutAnnouncedPrices } from "../core/lifecycle.js";
import type { ModelResult } from "../core/types.js";
import type { Model } from "../pricing/types.js";
import type { Warn } from "./context.js";

/**
 * One warning per model named explicitly that has retired (priced at its last price) or has an
 * announced retirement, naming the successor. Models taken in by --all, --provider or the defaults
 * are on sale by construction, and their announced retirements are in the report, not on stderr.
 */
export function warnLifecycle(
  results: readonly ModelResult[],
  named: ReadonlySet<string> | undefined,
  warn: Warn,
): void {
  for (const result of results) {
    if (named !== undefined && !named.has(result.model)) continue;
    const text = lifecycleWarning(result);
    if (text) warn(result.model, text);
  }
}

/** The lines `--fail-on-retired` fails with: one per retired model priced. */
export function retiredFailures(results: readonly ModelResult[]): string[] {
  return results
    .filter((result) => result.retired !== undefined)
    .map(
      (result) =>
        `${result.model} retired on ${result.retired}${result.successor ? ` (successor: ${result.successor})` : ""}`,
    );
}

/**
 * `--as-of` after today: one warning naming the models whose later prices are not recorded (they are
 * priced at today's price); none when every model has its announced change recorded.
 */
export function warnFutureDate(
  asOf: string | undefined,
  today: string,
  models: readonly Model[],
  named: ReadonlySet<string> | undefined,
  warn: Warn,
) {
  if (asOf === undefined || asOf <= today) return;
  // Only the models the run will price: on sale then, or retired and named.
  const priced = models.filter((model) => {
    const kind = standingOn(model, asOf).kind;
    return kind === "on-sale" || (kind === "retired" && (named?.has(model.id) ?? true));
  });
  const unknown = withoutAnnouncedPrices(priced, today);
  if (unknown.length === 0) return;
  const names = unknown.length <= 4 ? unknown.map((m) => m.id).join(", ") : `${unknown.length} models`;
  warn(
    `--as-of ${asOf}`,
    `is after today (${today}): ${names} priced as known today; no announced change is recorded for ${unknown.length === 1 ? "it" : "them"}`,
  );
}

import { UNPROVEN_CUT_TOKENS } from "../tokenizers/held-cut.js";
import type { ErrorBand, Tokenizer } from "../tokenizers/types.js";
import { FORMATTING_BAND } from "./input-range.js";

// What makes a count an estimate, and how a row says so: the tokenizer's own method, then the reasons
// this count adds (chat formatting inferred, parts left out, text cut without proof), and a band.

/** How a tokenizer that is not exact makes its count, in a few words. */
export function estimateMethodOf(tokenizer: Tokenizer): string {
  return (
    tokenizer.method ??
    (tokenizer.countedWith === tokenizer.id ? "estimated" : `counted with ${tokenizer.countedWith}`)
  );
}

/** The tokenizer as it counted one input: an estimate for `reasons`, after its own method, within `band`. */
function asEstimate(tokenizer: Tokenizer, reasons: readonly string[], band: ErrorBand): Tokenizer {
  const own = tokenizer.exact ? [] : [estimateMethodOf(tokenizer)];
  return { ...tokenizer, exact: false, method: [...own, ...reasons].join("; "), band };
}

/**
 * A model's entry with its tokenizer marked as an estimate when its request counts are: their
 * formatting inferred (chat framing, tools) or parts left out; the entry as it was when neither (the
 * tokenizer's own count stands).
 */
export function withRequestReasons<Entry extends { tokenizer: Tokenizer }>(
  entry: Entry,
  estimate: { reasons: Iterable<string>; uncounted: number } | undefined,
): Entry {
  const reasons = [...(estimate?.reasons ?? [])];
  const uncounted = estimate?.uncounted ?? 0;
  if (uncounted > 0) reasons.push(`${uncounted} image/file part${uncounted === 1 ? "" : "s"} not counted`);
  if (reasons.length === 0) return entry;
  return {
    ...entry,
    tokenizer: asEstimate(entry.tokenizer, reasons, entry.tokenizer.band ?? FORMATTING_BAND),
  };
}

/**
 * A count of a text the stream cut `cuts` times without proof (text held too long with no safe cut
 * point: tokenizers/held-cut.ts). Each cut may move the count by UNPROVEN_CUT_TOKENS either way, so
 * the band is widened by that many tokens per cut, as a ratio of the count rounded outwards to the
 * millionth (bandTokens' precision).
 */
export function withUnprovenCuts(tokenizer: Tokenizer, cuts: number, tokens: number): Tokenizer {
  const spread = Math.ceil((cuts * UNPROVEN_CUT_TOKENS * 1e6) / Math.max(tokens, 1)) / 1e6;
  const band = tokenizer.band ?? { low: 1, high: 1, against: "" };
  const against = `at least ±${UNPROVEN_CUT_TOKENS} tokens a cut without proof (the worst measured)`;
  return asEstimate(
    tokenizer,
    [`cut without proof where the text had no safe cut point (±${UNPROVEN_CUT_TOKENS} tokens a cut)`],
    {
      low: Math.max(0, band.low - spread),
      high: band.high + spread,
      against: [band.against, against].filter(Boolean).join("; "),
    },
  );
}

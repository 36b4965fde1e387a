import type { ModelResult } from "../core/types.js";
import { printable } from "./format.js";

/**
 * Where a model's price came from: the shipped price list or the user pricing file (as named), the
 * page the price was read on, and its dates: "shipped: https://… (from 2026-09-22, checked 2026-11-20)".
 */
export function priceSourceText(r: ModelResult): string {
  const origin = r.priceOrigin === undefined ? "shipped" : printable(r.priceOrigin);
  return `${origin}: ${printable(r.priceSource)} (from ${r.priceFrom}, checked ${r.priceChecked})`;
}

/** `--show-sources` under a table: a heading, then one line a model, aligned. */
export function priceSourceLines(results: readonly ModelResult[]): string[] {
  if (results.length === 0) return [];
  const width = Math.max(...results.map((r) => printable(r.model).length));
  return [
    "Price sources:",
    ...results.map((r) => `  ${printable(r.model).padEnd(width)}  ${priceSourceText(r)}`),
  ];
}

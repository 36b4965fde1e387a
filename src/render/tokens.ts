import type { ChalkInstance } from "chalk";
import { type TokenSpan, tokenText } from "../core/tokenize.js";
import { formatCount, printable } from "./format.js";

export interface TokenView {
  model: string;
  tokenizer: string;
  countedWith: string;
  exact: boolean;
  /** For an estimate, how it is made ("counted with cl100k_base"). */
  estimateMethod?: string;
  /** Absent for a tokenizer that counts without splitting (a ratio or a count-only module). */
  spans?: TokenSpan[];
  count: number;
}

const lenient = new TextDecoder();
const strict = new TextDecoder("utf-8", { fatal: true });
const isWholeUtf8 = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** `llmcost tokenize --format json`: every token with its id, text and UTF-8 byte offsets. */
export function renderTokensJson(view: TokenView): string {
  const { spans, ...rest } = view;
  const tokens = (spans ?? []).map((s) => {
    const token = { id: s.id, text: lenient.decode(s.bytes), start: s.start, end: s.end };
    // A token may hold part of a character (an emoji's first bytes): its text then has U+FFFD.
    return isWholeUtf8(s.bytes) ? token : { ...token, partial: true };
  });
  return `${JSON.stringify({ version: 1, ...rest, count: view.count, tokens: spans ? tokens : null }, null, 2)}\n`;
}

/**
 * The text as the model sees it: tokens on alternating background colours when coloured, else
 * separated by `|`; or their ids with `ids`. A last line gives the count and whether it is exact.
 */
export function renderTokensText(view: TokenView, options: { chalk: ChalkInstance; ids?: boolean }): string {
  const { chalk } = options;
  const colours = [chalk.bgBlue.white, chalk.bgMagenta.white];
  const spans = view.spans;
  const body = !spans
    ? "(this tokenizer counts tokens without splitting the text)"
    : options.ids
      ? spans.map((s) => String(s.id)).join(" ")
      : chalk.level > 0
        ? spans.map((s, i) => (colours[i % 2] ?? chalk)(printable(tokenText(s.bytes)))).join("")
        : spans.map((s) => printable(tokenText(s.bytes))).join("|");
  const how = view.exact
    ? `${view.tokenizer}, exact`
    : `≈ estimate: ${view.tokenizer} ${view.estimateMethod ?? `counted with ${view.countedWith}`}`;
  const count = `${view.exact ? "" : "≈"}${formatCount(view.count)} token${view.count === 1 ? "" : "s"}`;
  return `${body}\n${chalk.dim(`${count} · ${printable(view.model)} · ${how}`)}\n`;
}

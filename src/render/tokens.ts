import type { ChalkInstance } from "chalk";
import { type TokenSpan, tokenText, wholeText } from "../core/tokenize.js";
import { UNPROVEN_CUT_TOKENS } from "../tokenizers/held-cut.js";
import { countOf, formatCount, markEstimate, printable } from "./format.js";

/** What a token view says about the tokenizer, before any token. */
export interface TokenViewHead {
  model: string;
  tokenizer: string;
  countedWith: string;
  exact: boolean;
  /** For an estimate, how it is made ("counted with cl100k_base"). */
  estimateMethod?: string;
}

/** One model's count of the whole text, when several models are asked for (tokenize -m a -m b). */
export interface ModelCount {
  model: string;
  tokenizer: string;
  countedWith: string;
  count: number;
  /** False for an estimate, and for an exact tokenizer's count of text cut without proof. */
  exact: boolean;
  estimateMethod?: string;
  unprovenCuts?: number;
}

/**
 * A token view written piece by piece, as the text is read (llmcost tokenize): `open` an input, its
 * `tokens` as they are settled, `close` it with its count; `end` after the last input. With
 * `sections` (a directory, several files) each input is a section of its own, tokenized on its own,
 * and the total is the sum.
 */
export interface TokenViewWriter {
  start(): string;
  /**
   * `split`: the tokenizer splits the text (else it counts without splitting, and what says so is
   * written here, before the text is read: an endless input then still shows something at once).
   */
  open(source: string, split: boolean): string;
  tokens(spans: readonly TokenSpan[]): string;
  /** `unprovenCuts`: held text cut without proof (tokenizers/held-cut.ts); the count is then ≈. */
  close(count: number, unprovenCuts?: number): string;
  /** `models`: every model's count, when several were asked for (the view is of the first). */
  end(total: number, inputs: number, unprovenCuts?: number, models?: readonly ModelCount[]): string;
}

export interface TokenViewOptions {
  /** Each input in a section of its own, and a total (a directory, several files). */
  sections: boolean;
}

const lenient = new TextDecoder();

/**
 * `llmcost tokenize --format json`: every token with its id, text and UTF-8 byte offsets, laid out as
 * JSON.stringify(…, null, 2) would, but written as the tokens come; `count` follows `tokens`, as it is
 * known only then. With sections: `inputs: [{ source, tokens, count }]` and the total `count`.
 */
export function tokensJsonWriter(head: TokenViewHead, options: TokenViewOptions): TokenViewWriter {
  // Tokens sit at depth 2 ({ tokens: [ token ] }) or 4 ({ inputs: [ { tokens: [ token ] } ] }).
  const pad = options.sections ? "        " : "    ";
  const inner = pad.slice(2);
  let inputs = 0;
  let written = 0;
  let split = true;
  return {
    start() {
      // `exact` comes last, after the count: text cut without proof on the way makes it false.
      const { exact: _, ...known } = head;
      const fields = JSON.stringify({ version: 1, ...known }, null, 2).slice(0, -2);
      return `${fields},\n${options.sections ? '  "inputs": [' : ""}`;
    },
    open(source, splits) {
      written = 0;
      split = splits;
      const tokens = `"tokens": ${split ? "" : `null,\n${inner}`}`;
      if (!options.sections) return `  ${tokens}`;
      return `${inputs++ > 0 ? "," : ""}\n    {\n      "source": ${JSON.stringify(source)},\n      ${tokens}`;
    },
    tokens(spans) {
      let out = "";
      for (const s of spans) {
        // A token may hold part of a character (an emoji's first bytes): its text then has U+FFFD.
        const whole = wholeText(s.bytes);
        const partial = whole === undefined ? `,\n${pad}  "partial": true` : "";
        const text = JSON.stringify(whole ?? lenient.decode(s.bytes));
        out += `${written++ > 0 ? "," : "["}\n${pad}{\n${pad}  "id": ${s.id},\n${pad}  "text": ${text},\n${pad}  "start": ${s.start},\n${pad}  "end": ${s.end}${partial}\n${pad}}`;
      }
      return out;
    },
    close(count, cuts = 0) {
      const tokens = split ? (written > 0 ? `\n${inner}],\n${inner}` : `[],\n${inner}`) : "";
      const body = `${tokens}"count": ${count}${cuts > 0 ? `,\n${inner}"unprovenCuts": ${cuts}` : ""}`;
      return options.sections ? `${body}\n    }` : body;
    },
    end(total, _inputs, cuts = 0, models) {
      const counts = models ? `,\n  "models": ${JSON.stringify(models, null, 2).replace(/\n/g, "\n  ")}` : "";
      const exact = `,\n  "exact": ${head.exact && cuts === 0}${counts}\n}\n`;
      const unproven = cuts > 0 ? `,\n  "unprovenCuts": ${cuts}` : "";
      return options.sections
        ? `${inputs > 0 ? "\n  " : ""}],\n  "count": ${total}${unproven}${exact}`
        : exact;
    },
  };
}

/**
 * The text as the model sees it: tokens on alternating background colours when coloured, else
 * separated by `|`; or their ids with `ids`. A last line gives the count and whether it is exact;
 * with sections, each input has a `==> source <==` header and its count, and the last line the total.
 */
export function tokensTextWriter(
  head: TokenViewHead,
  options: TokenViewOptions & { chalk: ChalkInstance; ids?: boolean; stdin?: boolean },
): TokenViewWriter {
  const { chalk } = options;
  const colours = [chalk.bgBlue.white, chalk.bgMagenta.white];
  const how = head.exact
    ? `${head.tokenizer}, exact`
    : `≈ estimate: ${head.tokenizer} ${head.estimateMethod ?? `counted with ${head.countedWith}`}`;
  const tokens = (count: number, cuts: number) =>
    markEstimate(countOf(count, "token"), !head.exact || cuts > 0, count);
  // Held text cut without proof (held-cut.ts) makes an exact tokenizer's count an estimate.
  const howCut = (cuts: number) =>
    cuts === 0
      ? how
      : `${head.exact ? head.tokenizer : how}, cut ${formatCount(cuts)} time${cuts === 1 ? "" : "s"} without proof where the text had no safe cut point (±${UNPROVEN_CUT_TOKENS} tokens a cut)`;
  let inputs = 0;
  let written = 0;
  let split = true;
  return {
    start: () => "",
    open(source, splits) {
      written = 0;
      split = splits;
      const counts = split ? "" : "(this tokenizer counts tokens without splitting the text)\n";
      if (!options.sections) return counts;
      return `${inputs++ > 0 ? "\n" : ""}${chalk.bold(`==> ${printable(source)} <==`)}\n${counts}`;
    },
    tokens(spans) {
      let out = "";
      for (const s of spans) {
        const i = written++;
        if (options.ids) out += `${i > 0 ? " " : ""}${s.id}`;
        else if (chalk.level > 0) out += (colours[i % 2] ?? chalk)(printable(tokenText(s.bytes)));
        else out += `${i > 0 ? "|" : ""}${printable(tokenText(s.bytes))}`;
      }
      return out;
    },
    close(count, cuts = 0) {
      const line = options.sections
        ? `${tokens(count, cuts)}${cuts > 0 ? ` (cut ${formatCount(cuts)} time${cuts === 1 ? "" : "s"} without proof)` : ""}`
        : `${tokens(count, cuts)} · ${printable(head.model)} · ${howCut(cuts)}`;
      // After the tokens, the count on a line of its own (a count-only view said so at open).
      return `${split ? "\n" : ""}${chalk.dim(line)}\n`;
    },
    end(total, inputs, cuts = 0) {
      if (!options.sections) return "";
      const noun = options.stdin ? "input" : "file";
      const files = `${formatCount(inputs)} ${noun}${inputs === 1 ? "" : "s"}, each tokenized on its own`;
      return `\n${chalk.dim(`${tokens(total, cuts)} in ${files} · ${printable(head.model)} · ${howCut(cuts)}`)}\n`;
    },
  };
}

/**
 * Several models' counts of the same text, side by side, after the first one's view:
 * "  gpt-6-luna   1,234 tokens  o200k_base, exact".
 */
export function sideBySideText(models: readonly ModelCount[], chalk: ChalkInstance): string {
  const rows = models.map((each) => [
    printable(each.model),
    markEstimate(countOf(each.count, "token"), !each.exact, each.count),
    // An estimate's tokenizer always has its method; an exact one's count of text cut without proof is ≈.
    (each.estimateMethod === undefined
      ? each.tokenizer
      : `≈ estimate: ${each.tokenizer} ${each.estimateMethod}`) +
      (each.unprovenCuts
        ? `, cut ${formatCount(each.unprovenCuts)} time${each.unprovenCuts === 1 ? "" : "s"} without proof`
        : each.estimateMethod === undefined
          ? ", exact"
          : ""),
  ]);
  const width = (column: number) => Math.max(...rows.map((row) => (row[column] ?? "").length));
  const lines = rows.map(
    ([model = "", count = "", how = ""]) =>
      `  ${model.padEnd(width(0))}  ${count.padStart(width(1))}  ${chalk.dim(how)}`,
  );
  return `\n${chalk.bold("Side by side:")}\n${lines.join("\n")}\n`;
}

// The steps of a tokenizer.json before its model — normalizers and pre-tokenizers — read into plain
// data the pipeline runs (hf-pipeline.ts). Every part and field `tokenizers` would run that this does
// not is refused, naming it: a step read only in part would count wrongly and say it is exact.
import { withRustWhitespace } from "./bpe-tokenizer.js";
import { literalPattern, onigToJs, type SplitBehavior, UnsupportedPattern } from "./hf-regex.js";
import { HF_COMBINING_MARK_CLASS, HF_PUNCTUATION_CLASS } from "./hf-unicode-sets.js";

export type NormalizerStep =
  | { type: "unicode"; form: "NFC" | "NFD" | "NFKC" | "NFKD" }
  | { type: "lowercase" }
  | { type: "replace"; pattern: string; content: string }
  | { type: "prepend"; prepend: string }
  | { type: "strip"; left: boolean; right: boolean }
  /** Removes every character matching `pattern` (StripAccents: combining marks). */
  | { type: "remove"; pattern: string };

export type PreTokenizerStep =
  | { type: "split"; pattern: string; behavior: SplitBehavior; invert: boolean }
  | { type: "metaspace"; replacement: string; prepend: "always" | "first" | "never"; split: boolean }
  /** ByteLevel's add_prefix_space: a space before each piece that does not start with one. */
  | { type: "prefixSpace" };

/** GPT-2's byte-level pre-tokenizer pattern, which ByteLevel applies when use_regex is on. */
const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

export type Json = Record<string, unknown>;

/**
 * The fields each part may have, as `tokenizers` writes them (0.23). A field llmcost does not know may
 * change what the part does (as ignore_merges did when it was added): one that is set is refused.
 */
const KNOWN_FIELDS: Record<string, readonly string[]> = {
  BPE: [
    "type",
    "dropout",
    "unk_token",
    "continuing_subword_prefix",
    "end_of_word_suffix",
    "fuse_unk",
    "byte_fallback",
    "ignore_merges",
    "vocab",
    "merges",
    "cache_capacity",
  ],
  Sequence: ["type", "normalizers", "pretokenizers"],
  NFC: ["type"],
  NFD: ["type"],
  NFKC: ["type"],
  NFKD: ["type"],
  Lowercase: ["type"],
  Prepend: ["type", "prepend"],
  Strip: ["type", "strip_left", "strip_right"],
  StripAccents: ["type"],
  Replace: ["type", "pattern", "content"],
  ByteLevel: ["type", "add_prefix_space", "trim_offsets", "use_regex"],
  Split: ["type", "pattern", "behavior", "invert"],
  Metaspace: ["type", "replacement", "str_rep", "add_prefix_space", "prepend_scheme", "split"],
  WhitespaceSplit: ["type"],
  Whitespace: ["type"],
  CharDelimiterSplit: ["type", "delimiter"],
  Punctuation: ["type", "behavior"],
  BertPreTokenizer: ["type"],
  Digits: ["type", "individual_digits"],
};

/** Refuses a field of `part` (named `where`) that llmcost does not know and that is set. */
export function checkFields(part: Json, kind: string, where: string, fail: (reason: string) => never): void {
  const known = KNOWN_FIELDS[kind] ?? [];
  for (const [field, value] of Object.entries(part)) {
    if (known.includes(field) || value === null || value === false) continue;
    fail(`${where}: the field ${JSON.stringify(field)} is not supported`);
  }
}
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function readNormalizers(normalizer: unknown, fail: (reason: string) => never): NormalizerStep[] {
  if (normalizer === null) return [];
  if (!isObject(normalizer)) return fail("normalizer is not an object");
  const where = `normalizer ${JSON.stringify(normalizer.type ?? null)}`;
  if (typeof normalizer.type === "string" && normalizer.type in KNOWN_FIELDS)
    checkFields(normalizer, normalizer.type, where, fail);
  switch (normalizer.type) {
    case "Sequence": {
      const list = normalizer.normalizers;
      if (!Array.isArray(list)) return fail("normalizer Sequence has no list of normalizers");
      return list.flatMap((each) => readNormalizers(each, fail));
    }
    case "NFC":
    case "NFD":
    case "NFKC":
    case "NFKD":
      return [{ type: "unicode", form: normalizer.type }];
    case "Lowercase":
      return [{ type: "lowercase" }];
    case "Prepend":
      if (typeof normalizer.prepend !== "string") return fail(`${where} has no prepend string`);
      return [{ type: "prepend", prepend: normalizer.prepend }];
    case "Strip":
      return [
        { type: "strip", left: normalizer.strip_left !== false, right: normalizer.strip_right !== false },
      ];
    case "StripAccents":
      return [{ type: "remove", pattern: HF_COMBINING_MARK_CLASS }];
    case "Replace": {
      const content = normalizer.content;
      if (typeof content !== "string") return fail(`${where} has no content string`);
      return [{ type: "replace", pattern: patternOf(normalizer.pattern, where, fail), content }];
    }
    default:
      return fail(
        `${where} is not supported (llmcost runs Sequence, NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Strip, StripAccents)`,
      );
  }
}

/** A Split or Replace pattern as a JavaScript regex source. */
function patternOf(pattern: unknown, where: string, fail: (reason: string) => never): string {
  if (isObject(pattern) && typeof pattern.String === "string") return literalPattern(pattern.String);
  if (isObject(pattern) && typeof pattern.Regex === "string") {
    try {
      const source = onigToJs(pattern.Regex);
      new RegExp(source, "gu");
      return source;
    } catch (error) {
      const what = error instanceof UnsupportedPattern ? error.message : "a pattern JavaScript cannot read";
      return fail(`${where}: its regex uses ${what}, which llmcost cannot run as Oniguruma does`);
    }
  }
  return fail(`${where} has no pattern (String or Regex)`);
}

const BEHAVIORS = new Set(["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"]);

export function readPreTokenizers(
  preTokenizer: unknown,
  fail: (reason: string) => never,
): { steps: PreTokenizerStep[]; byteLevel: boolean } {
  const steps: PreTokenizerStep[] = [];
  let byteLevel = false;
  const read = (step: unknown): void => {
    if (!isObject(step)) fail("pre_tokenizer is not an object");
    const where = `pre_tokenizer ${JSON.stringify(step.type ?? null)}`;
    if (typeof step.type === "string" && step.type in KNOWN_FIELDS) checkFields(step, step.type, where, fail);
    // A ByteLevel step turns the text into byte symbols: a step after it would see those.
    if (byteLevel) fail(`${where} after ByteLevel is not supported`);
    switch (step.type) {
      case "Sequence": {
        const list = step.pretokenizers;
        if (!Array.isArray(list)) fail("pre_tokenizer Sequence has no list of pretokenizers");
        for (const each of list) read(each);
        return;
      }
      case "ByteLevel":
        if (step.add_prefix_space !== false) steps.push({ type: "prefixSpace" });
        if (step.use_regex !== false)
          steps.push({ type: "split", pattern: onigToJs(GPT2_PATTERN), behavior: "Isolated", invert: false });
        byteLevel = true;
        return;
      case "Split": {
        const behavior = step.behavior;
        if (typeof behavior !== "string" || !BEHAVIORS.has(behavior))
          fail(`${where} behavior ${JSON.stringify(behavior ?? null)} is not supported`);
        steps.push({
          type: "split",
          pattern: patternOf(step.pattern, where, fail),
          behavior: behavior as SplitBehavior,
          invert: step.invert === true,
        });
        return;
      }
      case "Metaspace": {
        const replacement = step.replacement ?? "▁";
        if (typeof replacement !== "string" || [...replacement].length !== 1)
          fail(`${where} replacement is not one character`);
        let prepend = step.prepend_scheme ?? (step.add_prefix_space === false ? "never" : "always");
        if (step.add_prefix_space === false) prepend = "never";
        if (prepend !== "always" && prepend !== "first" && prepend !== "never")
          fail(`${where} prepend_scheme ${JSON.stringify(prepend)} is not supported`);
        steps.push({ type: "metaspace", replacement, prepend, split: step.split !== false });
        return;
      }
      case "WhitespaceSplit":
        steps.push({ type: "split", pattern: onigToJs("\\s+"), behavior: "Removed", invert: false });
        return;
      case "Whitespace": {
        // Rust's regex \w+|[^\w\s]+ (Unicode \w: Alphabetic, Mark, Decimal_Number, Connector_Punctuation,
        // Join_Control), the matches kept.
        const word = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}";
        steps.push({
          type: "split",
          pattern: withRustWhitespace(`[${word}]+|[^${word}\\s]+`),
          behavior: "Removed",
          invert: true,
        });
        return;
      }
      case "CharDelimiterSplit": {
        const delimiter = step.delimiter;
        if (typeof delimiter !== "string" || [...delimiter].length !== 1)
          fail(`${where} delimiter is not one character`);
        steps.push({
          type: "split",
          pattern: literalPattern(delimiter as string),
          behavior: "Removed",
          invert: false,
        });
        return;
      }
      case "Punctuation": {
        const behavior = step.behavior ?? "Isolated";
        if (typeof behavior !== "string" || !BEHAVIORS.has(behavior))
          fail(`${where} behavior ${JSON.stringify(behavior)} is not supported`);
        steps.push({
          type: "split",
          pattern: HF_PUNCTUATION_CLASS,
          behavior: behavior as SplitBehavior,
          invert: false,
        });
        return;
      }
      case "BertPreTokenizer":
        steps.push(
          { type: "split", pattern: withRustWhitespace("\\s"), behavior: "Removed", invert: false },
          { type: "split", pattern: HF_PUNCTUATION_CLASS, behavior: "Isolated", invert: false },
        );
        return;
      case "Digits":
        steps.push({
          type: "split",
          pattern: "\\p{N}",
          behavior: step.individual_digits === true ? "Isolated" : "Contiguous",
          invert: false,
        });
        return;
      default:
        fail(
          `${where} is not supported (llmcost runs Sequence, ByteLevel, Split, Metaspace, Whitespace, WhitespaceSplit, CharDelimiterSplit, Punctuation, BertPreTokenizer, Digits)`,
        );
    }
  };
  if (preTokenizer !== null) read(preTokenizer);
  return { steps, byteLevel };
}

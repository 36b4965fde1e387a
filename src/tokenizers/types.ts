/** Counts the tokens a model family would bill for a text. */
export interface Tokenizer {
  /** Registry id, as named by `tokenizer` in pricing files: "o200k_base", "claude", … */
  readonly id: string;
  /** True when the count is the family's own tokenizer; false for an estimate. */
  readonly exact: boolean;
  /**
   * The counting actually run: the id itself when exact, the proxy's id for an estimate. Tokenizers
   * with the same `countedWith` give the same count for the same text, so one pass serves them all.
   */
  readonly countedWith: string;
  /** For an estimate, how it is made, as a phrase after the id: "counted with cl100k_base". */
  readonly method?: string;
  /**
   * For an estimate: how far the vendor's own count can be from it, as ratios of the vendor's count
   * to the estimate (`low` ≤ 1 ≤ `high`), measured on `against` (docs/calibration.md). A row's
   * `inputTokensRange` is the count times these ratios. Absent for exact tokenizers.
   */
  readonly band?: ErrorBand;
  count(text: string): number;
  /**
   * True when counts add up across letter boundaries (letter-boundary.ts): the count of a text is the
   * count before any such boundary plus the count from it, so the parts may be counted apart, on
   * different threads. True for every tiktoken-style vocabulary (and Qwen's NFC form of one).
   */
  readonly splitsAtLetters?: boolean;
  /**
   * Counts a text given in pieces with bounded memory; `end()` returns what `count` gives for the
   * pieces joined. Absent when the tokenizer needs the whole text (countStream then collects it).
   */
  stream?(): CountStream;
  /** Token ids with each token's bytes, for `llmcost tokenize`; absent for count-only tokenizers. */
  encode?(text: string): { id: number; bytes: Uint8Array }[];
  /**
   * `encode` over text given in pieces, with bounded memory: the tokens come out as the text is cut
   * where the tokens of the whole are those of the parts. Absent when `encode` needs the whole text.
   */
  encodeStream?(): EncodeStream;
}

/** Tokens of a text that arrives in pieces: each call gives the tokens settled so far, in order. */
export interface EncodeStream {
  write(chunk: string): { id: number; bytes: Uint8Array }[];
  /** The tokens of the rest of the text. */
  end(): { id: number; bytes: Uint8Array }[];
  /** As CountStream's: held text cut without proof, each cut within UNPROVEN_CUT_TOKENS tokens. */
  unprovenCuts?(): number;
}

/** A count over text that arrives in pieces. */
export interface CountStream {
  write(chunk: string): void;
  /** The count of everything written. */
  end(): number;
  /**
   * How many times held text with no proven cut point was cut all the same (held-cut.ts): each may
   * move the count by UNPROVEN_CUT_TOKENS either way, so a count with any is an estimate.
   */
  unprovenCuts?(): number;
}

/** The spread of an estimate against the vendor's count, as ratios vendor ÷ estimate. */
export interface ErrorBand {
  readonly low: number;
  readonly high: number;
  /** What the ratios were measured on, in a few words: "241 corpus samples, Claude 2's tokenizer". */
  readonly against: string;
}

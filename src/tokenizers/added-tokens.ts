// Gemma 3's added tokens, found in raw text before anything else is done to it (merge-list-bpe.ts).

// Every code unit `first`: a run of one character (a surrogate pair's units differ). Spreading each
// token into code points to tell took ~10 ms of Gemma 3's start-up.
function isRunOf(text: string, first: number): boolean {
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) !== first) return false;
  return true;
}

/**
 * Finds added tokens in raw text, leftmost-longest, as Hugging Face `tokenizers` does. Tokens that are
 * runs of one character (newlines, tabs, "▁") are matched by run length; the others (tags) by lookup.
 */
export class AddedTokenMatcher {
  /** Per first character: the run lengths that are tokens (runs), or the tokens by text (others). */
  private readonly runs = new Map<number, { byLength: Map<number, number>; longest: number }>();
  private readonly words = new Map<number, { byText: Map<string, number>; lengths: number[] }>();
  /** 1 for the code units an added token starts with. */
  private readonly starts = new Uint8Array(0x10000);

  constructor(tokens: readonly (readonly [string, number])[]) {
    for (const [text, tokenId] of tokens) {
      const first = text.charCodeAt(0);
      this.starts[first] = 1;
      if (isRunOf(text, first)) {
        const runs = this.runs.get(first) ?? { byLength: new Map<number, number>(), longest: 0 };
        runs.byLength.set(text.length, tokenId);
        runs.longest = Math.max(runs.longest, text.length);
        this.runs.set(first, runs);
      } else {
        const words = this.words.get(first) ?? { byText: new Map<string, number>(), lengths: [] };
        words.byText.set(text, tokenId);
        if (!words.lengths.includes(text.length)) words.lengths.push(text.length);
        this.words.set(first, words);
      }
    }
    // Longest first; sorted once, not after each of Gemma 3's 6,406 added tokens.
    for (const words of this.words.values()) words.lengths.sort((a, b) => b - a);
  }

  /** Calls `plain` with the text between added tokens and `token` for each added token, in order. */
  split(text: string, plain: (text: string) => void, token: (tokenId: number, piece: string) => void): void {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (this.starts[unit] === 0) continue;
      const match = this.matchAt(text, i, unit);
      if (match === undefined) continue;
      if (i > from) plain(text.slice(from, i));
      token(match.tokenId, text.slice(i, i + match.length));
      from = i + match.length;
      i = from - 1;
    }
    if (from < text.length) plain(from === 0 ? text : text.slice(from));
  }

  private matchAt(text: string, i: number, unit: number): { tokenId: number; length: number } | undefined {
    let best: { tokenId: number; length: number } | undefined;
    const words = this.words.get(unit);
    if (words) {
      for (const length of words.lengths) {
        const tokenId = words.byText.get(text.slice(i, i + length));
        if (tokenId !== undefined) {
          best = { tokenId, length };
          break;
        }
      }
    }
    const runs = this.runs.get(unit);
    if (runs) {
      // Only as far as the longest run token: a long run is matched in steps, not rescanned each time.
      let run = 1;
      while (run < runs.longest && text.charCodeAt(i + run) === unit) run++;
      for (let length = run; length > (best?.length ?? 0); length--) {
        const tokenId = runs.byLength.get(length);
        if (tokenId !== undefined) return { tokenId, length };
      }
    }
    return best;
  }
}

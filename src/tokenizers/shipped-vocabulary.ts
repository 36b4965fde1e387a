import { readFile } from "node:fs/promises";
import { createBpeTokenizer } from "./bpe-tokenizer.js";
import { parseRanks } from "./ranks.js";
import type { Tokenizer } from "./types.js";

/** A vocabulary file in the package's tokenizers/ folder (see tokenizers/README.md for sources). */
interface VocabularyFile {
  idOffset: number;
  patterns: string[];
  bpe_ranks: string;
}

/** Loads a tiktoken-style vocabulary shipped with llmcost as an exact tokenizer. */
export async function loadShippedBpe(id: string, file: string): Promise<Tokenizer> {
  // src/tokenizers and dist/tokenizers are both two levels below the package root.
  const url = new URL(`../../tokenizers/${file}`, import.meta.url);
  const data = JSON.parse(await readFile(url, "utf8")) as VocabularyFile;
  return createBpeTokenizer(id, parseRanks(data.bpe_ranks), data.patterns, { idOffset: data.idOffset });
}

// Helpers shared by the scripts that export byte-level BPE vocabularies (Hugging Face tokenizer.json)
// into the js-tiktoken "bpe_ranks" text llmcost ships in tokenizers/.

/**
 * GPT-2's byte-level alphabet: printable Latin-1 bytes stand for themselves, the other 68 bytes for
 * U+0100 onwards in byte order. Maps a character of that alphabet back to its byte.
 */
const BYTE_OF = new Map();
{
  const printable = (b) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || b >= 0xae;
  let extra = 0;
  for (let b = 0; b < 256; b++) BYTE_OF.set(String.fromCharCode(printable(b) ? b : 256 + extra++), b);
}

/** The bytes a token of a byte-level vocabulary stands for. */
export function byteLevelToBytes(token) {
  return Buffer.from(
    Array.from(token, (c) => {
      const b = BYTE_OF.get(c);
      if (b === undefined) throw new Error(`not byte-level: ${token}`);
      return b;
    }),
  );
}

/** js-tiktoken's compressed ranks: lines "! <first rank> <base64> <base64> …", one per run of ranks. */
export function compressRanks(pairs /* [bytes, rank][] */) {
  const sorted = [...pairs].sort((a, b) => a[1] - b[1]);
  const lines = [];
  let line = null;
  let next = -1;
  for (const [bytes, rank] of sorted) {
    if (rank !== next) {
      if (line) lines.push(line.join(" "));
      line = ["!", String(rank)];
    }
    line.push(bytes.toString("base64"));
    next = rank + 1;
  }
  if (line) lines.push(line.join(" "));
  return lines.join("\n");
}

/** How many ranks a compressed "bpe_ranks" text holds. */
export const rankCount = (ranks) => ranks.split("\n").reduce((n, line) => n + line.split(" ").length - 2, 0);

/**
 * Checks that merging by rank is merging by the tokenizer's merge list: each merge makes a token whose
 * rank is above every earlier merge's (then ranks alone give Hugging Face's BPE result), and every
 * rank past the single bytes is made by one merge.
 */
export function checkMergeOrder(model, name) {
  let previous = -1;
  for (const merge of model.merges) {
    const [left, right] = Array.isArray(merge) ? merge : merge.split(" ");
    const rank = model.vocab[left + right];
    if (rank === undefined || rank < previous)
      throw new Error(`${name}: merge order is not rank order at ${merge}`);
    previous = rank;
  }
}

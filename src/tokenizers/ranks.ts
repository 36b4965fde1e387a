/**
 * js-tiktoken's rank data (`bpe_ranks`: "! <offset> <base64 token> <base64 token> …", ranks counting up
 * from the offset) as a map from each token's bytes — as a binary string, one char per byte — to its
 * rank. Binary-string keys let the merge look up any byte range of a piece with a plain slice.
 */
export function parseRanks(bpeRanks: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of bpeRanks.split("\n")) {
    if (!line) continue;
    const fields = line.split(" ");
    const offset = Number.parseInt(fields[1] ?? "", 10);
    for (let i = 2; i < fields.length; i++) ranks.set(atob(fields[i] as string), offset + i - 2);
  }
  return ranks;
}

/** A text's UTF-8 bytes as a binary string (one char per byte), the form rank keys take. */
export function utf8BinaryString(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** A binary string's bytes. */
export function binaryStringBytes(binary: string): Uint8Array {
  return Uint8Array.from(Buffer.from(binary, "latin1"));
}

import { kindOf, TEXT_KINDS, type TextKind } from "./calibration-profile.js";

/** A piece of one input, sent as one counting request. */
export interface Chunk {
  source: string;
  kind: TextKind;
  text: string;
  /** UTF-8 bytes. */
  bytes: number;
}

/** How large a chunk may be: a few KB, so 50 of them stay far under any request limit. */
export const CHUNK_BYTES = 4096;

/**
 * Cuts a text into pieces of at most `maxBytes` UTF-8 bytes, at line ends; a line longer than that is
 * cut at its last space within the limit (else between two characters). Pieces of only white space
 * are dropped.
 */
export function cutChunks(text: string, maxBytes = CHUNK_BYTES): string[] {
  const pieces: string[] = [];
  let current = "";
  let currentBytes = 0;
  const flush = () => {
    if (current.trim() !== "") pieces.push(current);
    current = "";
    currentBytes = 0;
  };
  for (const line of text.split(/(?<=\n)/)) {
    const bytes = utf8Length(line);
    if (bytes > maxBytes) {
      flush();
      for (const part of cutLine(line, maxBytes)) {
        current = part;
        flush();
      }
      continue;
    }
    if (currentBytes + bytes > maxBytes) flush();
    current += line;
    currentBytes += bytes;
  }
  flush();
  return pieces;
}

/** A line longer than maxBytes, in parts of at most maxBytes, cut after a space where there is one. */
function cutLine(line: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let part = "";
  let bytes = 0;
  for (const char of line) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) {
      const space = part.lastIndexOf(" ");
      const cut = space > part.length / 2 ? space + 1 : part.length;
      parts.push(part.slice(0, cut));
      part = part.slice(cut);
      bytes = utf8Length(part);
    }
    part += char;
    bytes += size;
  }
  if (part !== "") parts.push(part);
  return parts;
}

/**
 * At most `count` chunks over the inputs, spread round-robin over kinds of text (prose, code, json,
 * other), then over the files of each kind, then over each file (its chunks taken from start, end and
 * middle first, so a long file is not sampled by its first pages only). Deterministic.
 */
export function sampleChunks(
  inputs: readonly { source: string; text: string }[],
  count: number,
  maxBytes = CHUNK_BYTES,
): Chunk[] {
  const byKind = new Map<TextKind, { source: string; chunks: string[] }[]>();
  for (const input of inputs) {
    const chunks = spread(cutChunks(input.text, maxBytes));
    if (chunks.length === 0) continue;
    const kind = kindOf(input.source) ?? "other";
    byKind.set(kind, [...(byKind.get(kind) ?? []), { source: input.source, chunks }]);
  }
  const queues = TEXT_KINDS.flatMap((kind) => {
    const files = byKind.get(kind);
    return files ? [{ kind, files, next: 0 }] : [];
  });
  const picked: Chunk[] = [];
  while (picked.length < count && queues.some((queue) => queue.files.length > 0)) {
    for (const queue of queues) {
      if (picked.length >= count || queue.files.length === 0) continue;
      const index = queue.next % queue.files.length;
      const file = queue.files[index] as { source: string; chunks: string[] };
      const text = file.chunks.shift() as string;
      picked.push({ source: file.source, kind: queue.kind, text, bytes: utf8Length(text) });
      if (file.chunks.length === 0) queue.files.splice(index, 1);
      else queue.next = index + 1;
    }
  }
  return picked;
}

/** A list reordered so that any prefix is spread over it: first, last, middle, quarters, … */
function spread<T>(items: readonly T[]): T[] {
  const n = items.length;
  if (n <= 2) return [...items];
  const order: number[] = [0, n - 1];
  const taken = new Set(order);
  // Halving the gaps reaches every index once a gap is under 1 (step ≥ n − 1).
  for (let step = 2; order.length < n && step <= 2 * n; step *= 2) {
    for (let k = 1; k < step; k += 2) {
      const index = Math.round(((n - 1) * k) / step);
      if (!taken.has(index)) {
        taken.add(index);
        order.push(index);
      }
    }
  }
  return order.map((i) => items[i] as T);
}

/** UTF-8 length of a string, without Buffer (core is platform-free). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

import { BINARY_SNIFF_BYTES, firstNulOffset, sniffEncoding, Utf8Stream } from "./decode.js";
import type { InputSink, ReadOutcome } from "./read-inputs.js";
import { fsError } from "./walk-inputs.js";

type Decoding = Exclude<ReadOutcome, { kind: "error" }>;

/**
 * Decodes one input's bytes into its sink. The first 8 KiB are held until they are known not to be
 * binary, so a binary input never reaches a sink; a read error part way leaves the sink unended. Text
 * that starts with a UTF-16 BOM is decoded as UTF-16 (whose NUL bytes do not make it binary).
 */
export async function decodeInto(
  source: string,
  chunks: AsyncIterable<Buffer | string>,
  open: (source: string) => InputSink,
): Promise<Decoding> {
  let decoder = new Utf8Stream();
  let head: Buffer[] | undefined = [];
  let headBytes = 0;
  let sink: InputSink | undefined;
  const feed = async (bytes: Buffer) => {
    sink ??= open(source);
    await sink.write(decoder.decode(bytes), bytes.length);
  };
  // Only reading is guarded: an error from a sink is a bug, not an unreadable file.
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    const step = await iterator.next().catch((error: unknown) => {
      throw fsError(source, error);
    });
    if (step.done) break;
    const bytes = typeof step.value === "string" ? Buffer.from(step.value) : step.value;
    if (!head) {
      await feed(bytes);
      continue;
    }
    head.push(bytes);
    headBytes += bytes.length;
    if (headBytes < BINARY_SNIFF_BYTES) continue;
    const start = Buffer.concat(head);
    head = undefined;
    const nul = sniff(start);
    if (nul >= 0) {
      await iterator.return?.();
      return { kind: "binary", offset: nul };
    }
    await feed(start);
  }
  if (head) {
    const start = Buffer.concat(head);
    const nul = sniff(start);
    if (nul >= 0) return { kind: "binary", offset: nul };
    await feed(start);
  }
  sink ??= open(source);
  await sink.write(decoder.end(), 0);
  await sink.end();
  return {
    kind: "text",
    replaced: decoder.replaced,
    ...(decoder.firstInvalid === undefined ? {} : { invalidAt: decoder.firstInvalid }),
    ...(decoder.encoding === "utf-8" ? {} : { encoding: decoder.encoding }),
  };

  /** Picks the decoder by the first bytes; the offset of a NUL that makes UTF-8 binary, or -1. */
  function sniff(start: Buffer): number {
    const encoding = sniffEncoding(start);
    if (encoding === "utf-8") return firstNulOffset(start);
    decoder = new Utf8Stream(encoding);
    return -1;
  }
}

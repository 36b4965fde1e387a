import { dataError } from "../errors.js";
import { describeTooDeep, nestedDeeperThan } from "../pricing/json-path.js";
import { billingDifferences, effectiveBilling } from "./billing-compare.js";
import { parseHeader, parseInput, type ShardHeader } from "./documents/shard.js";
import { isObject } from "./json-shape.js";
import { ModelTotals, sortByCost } from "./totals.js";
import type { Estimate, InputSummary, PricedInput } from "./types.js";

/** A line longer than this is no shard's: a record is a few kB per model. */
export const MAX_SHARD_LINE = 64 << 20;

/** What a merged report keeps of each input beyond its summary, as the format asked for needs. */
export interface MergeKeep {
  /** Each input's results (--per-file). */
  perInput: boolean;
  /** Told of each input as it is read (jsonl output writes each one back). */
  onInput?: (input: PricedInput) => void;
}

/** The shards merged: the header they share (notes of all), and the report a single run would give. */
export interface MergedShards {
  header: ShardHeader;
  estimate: Estimate;
}

/**
 * Adds up shards written by `llmcost estimate --format jsonl` one line at a time, keeping each model's
 * running totals and each input's summary (and its results only when asked): memory grows with the
 * inputs' count, not with their records. Shards must be priced the same way (date, output assumption,
 * billing, models and their prices); every record is checked against its shard's header. Anything
 * malformed is an error naming the shard and line (exit 65).
 */
export class ShardMerge {
  private reference?: { name: string; header: ShardHeader; key: string };
  private totals?: ModelTotals;
  private readonly notes = new Set<string>();
  private readonly inputs: InputSummary[] = [];
  private readonly perInput: Estimate["perInput"] = [];
  private read = 0;

  constructor(private readonly keep: MergeKeep) {}

  /**
   * A stream of shards: one file, or stdin (shards concatenated there each start with a header).
   * `mayBeOther`: a file met in a directory walk, which may not be a shard at all (see ShardStream.end).
   */
  stream(source: string, mayBeOther = false): ShardStream {
    return new ShardStream(source, mayBeOther, this);
  }

  /** How many shards have been read. */
  get shards(): number {
    return this.read;
  }

  /** The merged report; call once every stream has ended, with at least one shard read. */
  result(): MergedShards {
    if (!this.reference || !this.totals) throw new Error("ShardMerge.result needs a shard");
    const header = { ...this.reference.header, notes: [...this.notes] };
    const { empty: _, ...context } = header;
    return {
      header,
      estimate: {
        ...context,
        inputs: this.inputs,
        results: this.totals.results(),
        perInput: this.perInput,
      },
    };
  }

  /** @internal A shard's header, from `stream`: it must price as the first shard did. */
  addHeader(header: ShardHeader, name: string): void {
    const key = JSON.stringify(pricing(header), (_k, v) => (typeof v === "bigint" ? `${v}` : v));
    if (!this.reference) {
      this.reference = { name, header, key };
      this.totals = new ModelTotals(header.empty);
    } else {
      if (key !== this.reference.key)
        throw dataError(
          name,
          `priced differently from ${this.reference.name} (${difference(this.reference.header, header)}); shards must come from the same command`,
        );
    }
    this.read++;
    for (const note of header.notes) this.notes.add(note);
  }

  /** @internal One input of the shard being read. */
  addInput(input: PricedInput): void {
    this.totals?.add(input.results);
    const { results, requestRows: _, ...summary } = input;
    this.inputs.push(summary);
    if (this.keep.perInput) this.perInput.push({ source: input.source, results: sortByCost([...results]) });
    this.keep.onInput?.(input);
  }
}

/**
 * One stream of shards, fed decoded text piece by piece: it is cut into lines and each record is
 * parsed, checked and added as it comes, so no stream is held whole.
 */
export class ShardStream {
  private line = 0;
  /** The line being read, in pieces (a line may span many chunks), and its length so far. */
  private pieces: string[] = [];
  private pending = 0;
  private header?: ShardHeader;
  private headers = 0;
  /** Why this stream is not read as shards (a file in a directory that is no shard). */
  private other?: string;

  constructor(
    private readonly source: string,
    private readonly mayBeOther: boolean,
    private readonly merge: ShardMerge,
  ) {}

  write(chunk: string): void {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
      this.pieces.push(chunk.slice(start, end));
      const line = this.pieces.join("");
      this.pieces = [];
      this.pending = 0;
      start = end + 1;
      if (this.other === undefined) this.record(line);
    }
    if (start === chunk.length || this.other !== undefined) return;
    this.pieces.push(chunk.slice(start));
    this.pending += chunk.length - start;
    if (this.pending > MAX_SHARD_LINE)
      throw dataError(
        `${this.source}:${this.line + 1}`,
        `a line over ${MAX_SHARD_LINE >> 20} MiB: not a shard`,
      );
  }

  /**
   * The stream has ended. Returns why it was skipped — a file met in a directory walk whose first
   * record is no shard header (a README, a report) is not read — or undefined when it was read.
   */
  end(): string | undefined {
    if (this.other === undefined && this.pieces.length > 0) this.record(this.pieces.join(""));
    this.pieces = [];
    if (this.other === undefined && this.headers === 0) {
      if (this.mayBeOther) this.other = "empty";
      else throw dataError(this.source, "empty: no header record");
    }
    return this.other === undefined ? undefined : `skipped: not an llmcost jsonl shard (${this.other})`;
  }

  private record(line: string): void {
    this.line++;
    if (line.trim() === "") return;
    const at = `${this.source}:${this.line}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      // A header cut short is a broken shard, not some other file.
      if (!line.trimStart().startsWith('{"type":"header"') && this.skipAsOther("not JSON")) return;
      throw dataError(at, "not a JSON record (expected llmcost estimate --format jsonl output)");
    }
    // Records are a few levels deep; a deeper one would overflow the stack where it is compared or written.
    const deep = nestedDeeperThan(record);
    if (deep) {
      if (this.skipAsOther("nested too deep")) return;
      throw dataError(at, `${describeTooDeep(deep)}: not an llmcost record`);
    }
    if (!isObject(record)) {
      if (this.skipAsOther("not a JSON object")) return;
      throw dataError(at, "not a JSON object");
    }
    // Shards concatenated into one stream (cat a b | llmcost merge) each begin with a header.
    if (!this.header || record.type === "header") {
      if (record.type !== "header" && this.skipAsOther("no header record")) return;
      this.header = parseHeader(record, at);
      this.headers++;
      const name =
        this.headers === 1 ? this.source : `${this.source} (shard ${this.headers}, line ${this.line})`;
      this.merge.addHeader(this.header, name);
      return;
    }
    this.merge.addInput(parseInput(record, this.header, at));
  }

  /** Whether the stream is skipped as no shard: only a file met in a walk, at its first record. */
  private skipAsOther(why: string): boolean {
    if (!this.mayBeOther || this.headers > 0) return false;
    this.other = why;
    return true;
  }
}

/** What must agree for shards to add up. */
function pricing({ date, output, reasoning, billing, pricesChecked, unavailable, empty }: ShardHeader) {
  // Billing as it prices: `--endpoint regional` given bills as the default left out.
  return { date, output, reasoning, billing: effectiveBilling(billing), pricesChecked, unavailable, empty };
}

function difference(a: ShardHeader, b: ShardHeader): string {
  if (a.date !== b.date) return `prices of ${a.date} vs ${b.date}`;
  if (JSON.stringify(a.output) !== JSON.stringify(b.output)) return "a different output assumption";
  const flags = billingDifferences(a.billing, b.billing);
  if (flags.length > 0) return `different billing (${flags.join(", ")})`;
  const models = (shard: ShardHeader) => shard.empty.map((r) => r.model).join(",");
  if (models(a) !== models(b)) return "a different set of models";
  return "different prices or tokenizers";
}

/** Whole shard texts merged, as `llmcost merge` streams them (for the library and tests). */
export function mergeShardTexts(
  shards: readonly { name: string; text: string }[],
  keep: MergeKeep = { perInput: true },
): MergedShards {
  const merge = new ShardMerge(keep);
  for (const { name, text } of shards) {
    const stream = merge.stream(name);
    stream.write(text);
    stream.end();
  }
  return merge.result();
}

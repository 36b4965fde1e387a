import type { Model } from "../../pricing/types.js";
import { billableCharacters as billableCharacterPass } from "../../tokenizers/billable-characters.js";
import type { Tokenizer } from "../../tokenizers/types.js";
import { billsCharacters, requestCharacters } from "./request-characters.js";
import { requestTokens } from "./request-tokens.js";
import type { ChatRequest } from "./types.js";

/**
 * The requests of one input (a chat payload, or a batch file of thousands) once counted: one column
 * per model, so that 50,000 requests cost a few arrays rather than 50,000 objects; no text is kept.
 */
export interface CountedRequests {
  source: string;
  bytes: number;
  /** Unicode code points. */
  characters: number;
  /** A batch file (priced at Batch API rates) or a single payload. */
  kind: "chat" | "batch";
  /** Request ids (a batch line's custom_id; "line N" without one), in file order. */
  ids: string[];
  /** The line each request is on (1 for a payload document). */
  lines: number[];
  /** Each request's output bound (max_tokens and the like); 0 where the request sets none. */
  bounds: number[];
  /** Input tokens per model id and request; -1 where the request is not for that model. */
  tokens: Map<string, number[]>;
  /**
   * Each request's billable characters (its texts' code points, white space left out), counted where a
   * model it is priced for bills characters; -1 where none does. Optional for counts made elsewhere.
   */
  billableCharacters?: number[];
  /** Per model id: why its counts are estimates. */
  estimates: Map<string, RequestEstimate>;
  /** Lines skipped as invalid (--skip-invalid). */
  skipped: { line: number; reason: string }[];
}

/** Why a model's counts of some requests are estimates (chat formatting, tools), and parts left out. */
export interface RequestEstimate {
  reasons: Set<string>;
  /** Image, audio and file parts not counted. */
  uncounted: number;
}

/** Builds a CountedRequests one request at a time. */
export interface RequestCounter {
  /** Counts `request` for each of `models` (those it is priced for), with each model's tokenizer. */
  add(
    request: ChatRequest,
    id: string,
    line: number,
    models: readonly Model[],
    tokenizerOf: (model: Model) => Tokenizer,
  ): void;
  skip(line: number, reason: string): void;
  end(size: { bytes: number; characters: number }): CountedRequests;
}

export function startRequestCount(source: string, kind: CountedRequests["kind"]): RequestCounter {
  const ids: string[] = [];
  const lines: number[] = [];
  const bounds: number[] = [];
  const tokens = new Map<string, number[]>();
  const estimates = new Map<string, RequestEstimate>();
  const skipped: CountedRequests["skipped"] = [];
  const billableCharacters: number[] = [];
  const characterCount = billableCharacterCount();
  return {
    add(request, id, line, models, tokenizerOf) {
      const index = ids.length;
      ids.push(id);
      lines.push(line);
      bounds.push(request.maxOutputTokens ?? 0);
      // A per-character price bills the texts' characters: counted from the texts, never from tokens.
      const perCharacter = models.some(billsCharacters)
        ? requestCharacters(request, characterCount)
        : undefined;
      billableCharacters.push(perCharacter?.characters ?? -1);
      // Models sharing a tokenizer count the same texts: count each text once per counting pass.
      const memo = new Map<string, Map<string, number>>();
      for (const model of models) {
        const tokenizer = tokenizerOf(model);
        const cache = memo.get(tokenizer.countedWith) ?? new Map<string, number>();
        memo.set(tokenizer.countedWith, cache);
        const count = (text: string) => {
          const seen = cache.get(text);
          if (seen !== undefined) return seen;
          const n = tokenizer.count(text);
          cache.set(text, n);
          return n;
        };
        const counted = requestTokens(request, model, count);
        const column = tokens.get(model.id) ?? [];
        tokens.set(model.id, column);
        while (column.length < index) column.push(-1);
        column.push(counted.tokens);
        const estimate: RequestEstimate = estimates.get(model.id) ?? { reasons: new Set(), uncounted: 0 };
        estimates.set(model.id, estimate);
        for (const reason of counted.reasons) estimate.reasons.add(reason);
        if (perCharacter && billsCharacters(model))
          for (const reason of perCharacter.reasons) estimate.reasons.add(reason);
        estimate.uncounted += counted.uncounted;
      }
    },
    skip(line, reason) {
      skipped.push({ line, reason });
    },
    end({ bytes, characters }) {
      for (const column of tokens.values()) while (column.length < ids.length) column.push(-1);
      return {
        source,
        bytes,
        characters,
        kind,
        ids,
        lines,
        bounds,
        tokens,
        billableCharacters,
        estimates,
        skipped,
      };
    },
  };
}

/** The billable-character count of one text (the pass per-character prices count with). */
function billableCharacterCount(): (text: string) => number {
  const counter = billableCharacterPass();
  return (text) => counter.count(text);
}

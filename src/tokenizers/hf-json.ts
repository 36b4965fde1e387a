// Reads a Hugging Face tokenizer.json into what llmcost's engine runs (hf-tokenizer.ts): the steps
// before the model (normalizers, pre-tokenizers, added tokens) as a plan, and the BPE model's vocabulary
// and merges as arrays. Everything `tokenizers` would do that this does not is refused here, naming the
// field: a tokenizer read only in part would count wrongly and say it is exact.
import { dataError } from "../errors.js";
import {
  checkFields,
  isObject,
  type Json,
  type NormalizerStep,
  type PreTokenizerStep,
  readNormalizers,
  readPreTokenizers,
} from "./hf-steps.js";

export type { NormalizerStep, PreTokenizerStep } from "./hf-steps.js";

/** An added token (matched whole in the text before anything else, as `tokenizers` does). */
export interface AddedToken {
  content: string;
  id: number;
  normalized: boolean;
  lstrip: boolean;
  rstrip: boolean;
  singleWord: boolean;
}

/** What the engine runs, as plain data (cached with the vocabulary, hf-load.ts). */
export interface HfPlan {
  normalizers: NormalizerStep[];
  preTokenizers: PreTokenizerStep[];
  /** A ByteLevel pre-tokenizer ends the steps: the model sees each byte as one symbol. */
  byteLevel: boolean;
  ignoreMerges: boolean;
  /** The id of each byte's "<0xNN>" token when byte_fallback is on (-1 where absent), else []. */
  fallbackIds: number[];
  /** For byte-level: the id of each byte's symbol (-1 where the vocabulary lacks it), else []. */
  byteIds: number[];
  unkId: number;
  fuseUnk: boolean;
  added: AddedToken[];
}

/** A tokenizer.json read: the plan, the vocabulary as (id, bytes), and the merges as id triples. */
export interface HfTokenizerData {
  plan: HfPlan;
  vocabulary: [number, Uint8Array][];
  /** (left, right, merged) ids in rank order, one entry per pair (its last, as `tokenizers` keeps). */
  merges: Int32Array;
}

/** Token ids must be below this (the largest vocabularies have ~262,000 tokens). */
const MAX_ID = 1 << 24;

/** GPT-2's byte ↔ character table: printable bytes are themselves, the others U+0100 onwards. */
export function byteLevelAlphabet(): string[] {
  const chars: string[] = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
    chars.push(String.fromCodePoint(printable ? byte : 256 + shifted++));
  }
  return chars;
}

/** Reads a parsed tokenizer.json; throws a data error naming `file` and what it cannot run. */
export function readHfTokenizer(json: unknown, file: string): HfTokenizerData {
  const fail = (reason: string): never => {
    throw dataError(file, reason);
  };
  if (!isObject(json)) fail("not a tokenizer.json (expected a JSON object)");
  const root = json as Json;
  const model = root.model;
  if (!isObject(model)) fail("not a tokenizer.json (no model object)");
  // A model with no type (or "type": null) is refused: llmcost does not guess what it is.
  const modelType = (model as Json).type;
  if (modelType !== "BPE")
    fail(
      `model type ${JSON.stringify(modelType ?? null)} is not supported (llmcost runs BPE tokenizer.json files: byte-level or SentencePiece-style)`,
    );
  const options = checkModel(model as Json, fail);

  const normalizers = readNormalizers(root.normalizer ?? null, fail);
  const { steps, byteLevel } = readPreTokenizers(root.pre_tokenizer ?? null, fail);

  const vocab = (model as Json).vocab;
  if (!isObject(vocab)) fail("model.vocab is not an object of token → id");
  const idOf = new Map<string, number>();
  for (const [token, id] of Object.entries(vocab as Json)) {
    if (!Number.isSafeInteger(id) || (id as number) < 0 || (id as number) >= MAX_ID)
      fail(`model.vocab: ${JSON.stringify(token)} has no id (a whole number below 2^24)`);
    idOf.set(token, id as number);
  }
  const merges = readMerges((model as Json).merges, idOf, fail);

  const alphabet = byteLevelAlphabet();
  // The byte each alphabet character stands for, by its code (all are below U+0144), -1 elsewhere.
  const byteOf = new Int16Array(0x200).fill(-1);
  alphabet.forEach((char, byte) => {
    byteOf[char.charCodeAt(0)] = byte;
  });
  const encoder = new TextEncoder();
  const vocabulary: [number, Uint8Array][] = [];
  for (const [token, id] of idOf) {
    if (!byteLevel) {
      vocabulary.push([id, encoder.encode(token)]);
      continue;
    }
    // A token with a character outside the byte alphabet can never come out of byte-level text.
    const bytes = new Uint8Array(token.length);
    let k = 0;
    for (; k < token.length; k++) {
      const byte = byteOf[token.charCodeAt(k)] ?? -1;
      if (byte < 0) break;
      bytes[k] = byte;
    }
    if (k === token.length && k > 0) vocabulary.push([id, bytes]);
  }
  const unkToken = options.unkToken;
  const unkId = unkToken === undefined ? -1 : (idOf.get(unkToken) ?? -1);
  if (unkToken !== undefined && unkId < 0)
    fail(`model.unk_token ${JSON.stringify(unkToken)} is not in the vocabulary`);
  const hex = (byte: number) => `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`;
  const plan: HfPlan = {
    normalizers,
    preTokenizers: steps,
    byteLevel,
    ignoreMerges: options.ignoreMerges,
    fallbackIds: options.byteFallback
      ? Array.from({ length: 256 }, (_, byte) => idOf.get(hex(byte)) ?? -1)
      : [],
    byteIds: byteLevel ? alphabet.map((char) => idOf.get(char) ?? -1) : [],
    unkId,
    fuseUnk: options.fuseUnk,
    added: readAddedTokens(root.added_tokens, fail),
  };
  return { plan, vocabulary, merges };
}

/** The BPE options, refusing those that change counting in ways the engine does not follow. */
function checkModel(model: Json, fail: (reason: string) => never) {
  checkFields(model, "BPE", "model", fail);
  const dropout = model.dropout;
  if (dropout !== undefined && dropout !== null && dropout !== 0)
    fail(`model.dropout ${String(dropout)} is not supported (BPE dropout makes counts random)`);
  for (const field of ["continuing_subword_prefix", "end_of_word_suffix"]) {
    const value = model[field];
    if (value !== undefined && value !== null && value !== "")
      fail(`model.${field} ${JSON.stringify(value)} is not supported`);
  }
  const unk = model.unk_token;
  if (unk !== undefined && unk !== null && typeof unk !== "string") fail("model.unk_token is not a string");
  const flag = (field: string) => {
    const value = model[field];
    if (value !== undefined && value !== null && typeof value !== "boolean")
      fail(`model.${field} is not true or false`);
    return value === true;
  };
  return {
    unkToken: typeof unk === "string" ? unk : undefined,
    fuseUnk: flag("fuse_unk"),
    byteFallback: flag("byte_fallback"),
    ignoreMerges: flag("ignore_merges"),
  };
}

/** Merges as (left, right, merged) ids, in rank order; a pair listed twice keeps its last rank. */
function readMerges(merges: unknown, idOf: Map<string, number>, fail: (reason: string) => never): Int32Array {
  if (!Array.isArray(merges)) fail("model.merges is not a list");
  const list = merges as unknown[];
  // Each pair as one number (ids are below MAX_ID): string keys were ~3× slower.
  const key = (left: number, right: number) => left * MAX_ID + right;
  const rankOf = new Map<number, number>();
  const triples = new Int32Array(3 * list.length);
  let rank = 0;
  const idOfToken = (index: number, token: string): number => {
    const id = idOf.get(token);
    if (id === undefined) fail(`model.merges[${index}]: ${JSON.stringify(token)} is not in the vocabulary`);
    return id as number;
  };
  for (let index = 0; index < list.length; index++) {
    const merge = list[index];
    let left: string;
    let right: string;
    if (typeof merge === "string") {
      if (merge.startsWith("#version")) continue;
      const space = merge.indexOf(" ");
      if (space < 0 || merge.indexOf(" ", space + 1) >= 0)
        fail(`model.merges[${index}] is not two tokens separated by a space`);
      left = merge.slice(0, space);
      right = merge.slice(space + 1);
    } else if (
      Array.isArray(merge) &&
      merge.length === 2 &&
      typeof merge[0] === "string" &&
      typeof merge[1] === "string"
    ) {
      left = merge[0];
      right = merge[1];
    } else return fail(`model.merges[${index}] is not a merge`);
    const leftId = idOfToken(index, left);
    const rightId = idOfToken(index, right);
    triples[3 * rank] = leftId;
    triples[3 * rank + 1] = rightId;
    triples[3 * rank + 2] = idOfToken(index, left + right);
    rankOf.set(key(leftId, rightId), rank++);
  }
  // `tokenizers` keeps a map from pair to rank, where a later duplicate replaces an earlier one.
  if (rankOf.size === rank) return triples.slice(0, 3 * rank);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const [left, right, merged] = [triples[3 * k], triples[3 * k + 1], triples[3 * k + 2]] as [
      number,
      number,
      number,
    ];
    if (rankOf.get(key(left, right)) === k) out.push(left, right, merged);
  }
  return Int32Array.from(out);
}

function readAddedTokens(tokens: unknown, fail: (reason: string) => never): AddedToken[] {
  if (tokens === undefined || tokens === null) return [];
  if (!Array.isArray(tokens)) return fail("added_tokens is not a list");
  const added: AddedToken[] = [];
  for (const [index, token] of tokens.entries()) {
    if (!isObject(token) || typeof token.content !== "string" || !Number.isSafeInteger(token.id))
      return fail(`added_tokens[${index}] has no content and id`);
    if (token.content === "") continue;
    added.push({
      content: token.content,
      id: token.id as number,
      // `tokenizers`' default for a token written without the field: normalized unless special.
      normalized: typeof token.normalized === "boolean" ? token.normalized : token.special !== true,
      lstrip: token.lstrip === true,
      rstrip: token.rstrip === true,
      singleWord: token.single_word === true,
    });
  }
  return added;
}

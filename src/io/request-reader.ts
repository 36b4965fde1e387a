import { startSize } from "../core/count.js";
import { isBatchLine, isPayload, readBatchLine, readPayload } from "../core/requests/payload.js";
import { type ChatRequest, PayloadError } from "../core/requests/types.js";
import type { InputSink } from "./read-inputs.js";

/** How inputs are read: auto-detected, or forced with --input. */
export type InputMode = "auto" | "text" | "chat" | "jsonl";

/** Where a request reader hands what it finds. */
export interface RequestHandler {
  /** The input turned out to be loose text (auto mode): everything read so far and the rest go here. */
  text(): InputSink;
  /** The input is requests: a batch file, or chat payloads (one document, or one per line). */
  start(kind: "chat" | "batch"): void;
  request(request: ChatRequest, id: string, line: number): void | Promise<void>;
  /** A line that is not a request llmcost can price; `line` is 1-based, 0 for a whole document (the message has the JSON path). */
  invalid(line: number, reason: string): void;
  end(size: { bytes: number; characters: number }): void;
}

/** Whether an input may hold requests, by name: auto mode reads other files as text without looking. */
export function mayHoldRequests(source: string, mode: InputMode, isStdin: boolean): boolean {
  if (mode === "text") return false;
  if (mode !== "auto") return true;
  return isStdin || /\.(json|jsonl|ndjson)$/i.test(source);
}

/**
 * A sink that reads an input as requests: JSON Lines (a batch file, or one payload per line) line by
 * line, holding only the current line, or a single JSON document (a chat payload, or an Anthropic
 * Message Batches body `{"requests": [...]}`) whole. In auto mode, an input whose first line or
 * document is not a request is handed on as text.
 */
export function requestSink(source: string, mode: InputMode, handler: RequestHandler): InputSink {
  const reading: Reading = { mode, handler, size: startSize() };
  if (mode === "jsonl" || (mode === "auto" && /\.(jsonl|ndjson)$/i.test(source))) return lineSink(reading);
  return mode === "auto" ? sniffingSink(reading) : documentSink(reading);
}

/** What the readers below share: the mode, where findings go, and the input's size as it is read. */
interface Reading {
  mode: InputMode;
  handler: RequestHandler;
  size: ReturnType<typeof startSize>;
}

/**
 * Stdin or a .json file in auto mode: a first line that is a whole batch request means JSON Lines (so
 * `cat batch.jsonl | llmcost estimate` streams too); anything else is read as one document.
 */
function sniffingSink(reading: Reading): InputSink {
  const held: { chunk: string; bytes: number }[] = [];
  let target: InputSink | undefined;
  const choose = async (): Promise<InputSink> => {
    const start = held.map((part) => part.chunk).join("");
    const newline = start.indexOf("\n");
    const first = (newline < 0 ? start : start.slice(0, newline)).trim();
    let isLine = false;
    try {
      isLine = isBatchLine(JSON.parse(first));
    } catch {}
    const sink = isLine ? lineSink(reading) : documentSink(reading);
    for (const part of held) await sink.write(part.chunk, part.bytes);
    return sink;
  };
  let heldBytes = 0;
  return {
    async write(chunk, bytes) {
      if (target) return target.write(chunk, bytes);
      held.push({ chunk, bytes });
      heldBytes += bytes;
      // Text that does not start as JSON is decided at once, so that it streams (no line is held); so
      // is a long start of nothing but spaces (documentSink then hands it on as text).
      const startsAsText = /^\s*[^\s[{]/.test(chunk) && held.length === 1;
      if (startsAsText || chunk.includes("\n") || heldBytes > LEADING_SPACE) target = await choose();
    },
    async end() {
      target ??= await choose();
      return target.end();
    },
  };
}

function lineSink(reading: Reading): InputSink {
  const { mode, handler, size } = reading;
  let pending: string[] = [];
  let lineNumber = 0;
  let kind: "chat" | "batch" | "text" | undefined;
  let text: InputSink | undefined;
  // Until the kind is known: the chunks (to hand on as text) and the lines read (to price as requests).
  let seen: { chunk: string; bytes: number }[] = [];
  let waiting: { line: string; number: number }[] = [];

  const handle = async (line: string, number: number): Promise<void> => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return handler.invalid(number, syntaxReason(error));
    }
    try {
      if (kind === "batch") {
        const entry = readBatchLine(value);
        await handler.request(entry.request, entry.customId, number);
      } else await handler.request(readPayload(value), `line ${number}`, number);
    } catch (error) {
      if (error instanceof PayloadError) return handler.invalid(number, error.message);
      throw error;
    }
  };

  /**
   * The first line that is JSON decides: a batch line, a chat payload, or (auto mode) something else,
   * which makes the input text. Lines before it that are not JSON are then invalid requests; an input
   * whose first lines are none of them JSON is text.
   */
  const decide = (line: string): "chat" | "batch" | "text" | undefined => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return mode === "auto" && waiting.length >= UNDECIDED_LINES ? "text" : undefined;
    }
    if (isBatchLine(value)) return "batch";
    return mode === "auto" && !isPayload(value) ? "text" : "chat";
  };

  const settle = async (decided: "chat" | "batch" | "text"): Promise<void> => {
    kind = decided;
    if (decided === "text") {
      text = handler.text();
      for (const { chunk, bytes } of seen) await text.write(chunk, bytes);
    } else {
      handler.start(decided);
      for (const { line, number } of waiting) await handle(line, number);
    }
    seen = [];
    waiting = [];
  };

  const take = async (raw: string): Promise<void> => {
    lineNumber++;
    const line = (raw.endsWith("\r") ? raw.slice(0, -1) : raw).trim();
    if (line === "") return;
    if (kind !== undefined) return handle(line, lineNumber);
    waiting.push({ line, number: lineNumber });
    const decided = decide(line);
    if (decided) await settle(decided);
  };

  return {
    async write(chunk, bytes) {
      if (kind === "text") return text?.write(chunk, bytes);
      size.write(chunk, bytes);
      if (kind === undefined) seen.push({ chunk, bytes });
      // A line longer than a chunk is collected in parts and joined once, when its end arrives.
      if (!chunk.includes("\n")) {
        pending.push(chunk);
        return;
      }
      const data = pending.join("") + chunk;
      pending = [];
      let from = 0;
      for (let at = data.indexOf("\n"); at >= 0; at = data.indexOf("\n", from)) {
        await take(data.slice(from, at));
        from = at + 1;
        if (text) return;
      }
      pending = [data.slice(from)];
    },
    async end() {
      if (kind !== "text") {
        const rest = pending.join("");
        if (rest !== "") await take(rest);
      }
      // Nothing was JSON: text in auto mode; in forced jsonl mode, requests that are all invalid.
      if (kind === undefined) await settle(mode === "auto" ? "text" : "chat");
      if (text) return text.end();
      handler.end(size.total());
    },
  };
}

/** The keys of a chat payload or batch body, for telling a broken request from any broken JSON. */
const REQUEST_KEYS = /"(messages|contents|requests|custom_id|instructions|max_output_tokens)"\s*:/;

/** Auto mode: lines that are not JSON looked at before calling a .jsonl file text. */
const UNDECIDED_LINES = 10;

/**
 * Auto mode: whitespace (bytes) an input may start with and still be looked at as a request. Past it,
 * input that is all whitespace so far is handed on as text, not held: 100 MB of spaces on stdin
 * would otherwise be held whole waiting for a first character.
 */
const LEADING_SPACE = 1024 * 1024;

function documentSink(reading: Reading): InputSink {
  const { mode, handler, size } = reading;
  let parts: { chunk: string; bytes: number }[] = [];
  let text: InputSink | undefined;
  // Bytes held that are all whitespace, from the start (-1 once something else has been held).
  let blank = 0;
  /** Hands what was held, and from now on everything, to the text sink. */
  const becomeText = async (): Promise<InputSink> => {
    const sink = handler.text();
    text = sink;
    for (const part of parts) await sink.write(part.chunk, part.bytes);
    parts = [];
    return sink;
  };
  return {
    async write(chunk, bytes) {
      if (text) return text.write(chunk, bytes);
      const isBlank = chunk.trim() === "";
      // Auto mode: a document that does not start as JSON is streamed as text, not held.
      if (mode === "auto" && blank >= 0 && !isBlank && !/^\s*[[{]/.test(chunk))
        return (await becomeText()).write(chunk, bytes);
      size.write(chunk, bytes);
      parts.push({ chunk, bytes });
      blank = blank >= 0 && isBlank ? blank + bytes : -1;
      if (mode === "auto" && blank > LEADING_SPACE) await becomeText();
    },
    async end() {
      if (text) return text.end();
      const document = parts.map((part) => part.chunk).join("");
      let value: unknown;
      try {
        value = JSON.parse(document);
      } catch (error) {
        // Broken JSON is text, unless it was meant as a request: then it is reported (exit 65).
        if (mode === "auto" && !REQUEST_KEYS.test(document.slice(0, 65_536))) return asText();
        handler.start("chat");
        const { line, reason } = positionOf(error, document);
        handler.invalid(line, reason);
        return handler.end(size.total());
      }
      const requests = batchBody(value);
      if (requests) {
        handler.start("batch");
        for (const [i, entry] of requests.entries()) {
          try {
            const { customId, request } = readBatchLine(entry);
            await handler.request(request, customId, i + 1);
          } catch (error) {
            if (!(error instanceof PayloadError)) throw error;
            handler.invalid(0, `requests[${i}].${error.message}`);
          }
        }
        return handler.end(size.total());
      }
      if (mode === "auto" && !isPayload(value)) return asText();
      handler.start("chat");
      try {
        await handler.request(readPayload(value), "payload", 1);
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        handler.invalid(0, error.message);
      }
      handler.end(size.total());
    },
  };

  async function asText(): Promise<void> {
    const sink = handler.text();
    for (const { chunk, bytes } of parts) await sink.write(chunk, bytes);
    await sink.end();
  }
}

/** The `requests` of an Anthropic Message Batches body, which is one JSON document rather than lines. */
function batchBody(value: unknown): unknown[] | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { requests } = value as { requests?: unknown };
  return Array.isArray(requests) && requests.length > 0 && requests.every(isBatchLine) ? requests : undefined;
}

function syntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON (${message.replace(/\s+/g, " ").slice(0, 120)})`;
}

/** Line and reason of a JSON syntax error in a whole document, from the parser's "position N". */
function positionOf(error: unknown, document: string): { line: number; reason: string } {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (!match) return { line: 1, reason: syntaxReason(error) };
  const offset = Number(match[1]);
  const line = countNewlines(document, 0, offset) + 1;
  const column = offset - (document.lastIndexOf("\n", offset - 1) + 1) + 1;
  return {
    line,
    reason: `${syntaxReason(error).replace(/ in JSON at position \d+.*\)$/, ")")} at column ${column}`,
  };
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getEncoding } from "js-tiktoken";
import type { NetworkOptions } from "../../src/io/count-client.js";

/** The fake vendor's rule: cl100k_base's count of the text times FACTOR, plus FRAMING per request. */
export const FACTOR = 1.3;
export const FRAMING = 9;

const cl100k = getEncoding("cl100k_base");

/** The fake vendor's count of a text without framing: what a calibrated estimate should come near. */
export const vendorTextTokens = (text: string) => Math.round(cl100k.encode(text).length * FACTOR);

/**
 * What one request gets instead of a count: a status, headers and body; no answer at all; or a 200
 * whose chunked body never ends (it is written for as long as the client reads, counted in `sent`).
 */
export type Reply = { status: number; headers?: Record<string, string>; body: string } | "hang" | "endless";

export interface FakeCountServer {
  base: string;
  /** Every request: its path, key and the text it asked to count. */
  requests: { url: string; key: string; text: string }[];
  /** Replies for the next requests, in order, before the counting rule answers again. */
  replies: Reply[];
  /** How long each answer waits before it is sent (0 by default). */
  delayMs: number;
  /** The most requests that were being answered at one time. */
  maxInFlight: number;
  /** Bytes written of endless bodies, all told. */
  sent: number;
  /** Forgets the requests, replies, delay and counters of the test before. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A stand-in for both vendors' counting endpoints (Anthropic's count_tokens and Gemini's
 * countTokens), counting with a rule that differs from llmcost's estimators.
 */
export async function startFakeCountServer(): Promise<FakeCountServer> {
  const requests: FakeCountServer["requests"] = [];
  const replies: Reply[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    response.on("close", () => inFlight--);
    const body = await readBody(request);
    const key = String(request.headers["x-api-key"] ?? request.headers["x-goog-api-key"] ?? "");
    const json = JSON.parse(body);
    const text: string =
      request.url === "/v1/messages/count_tokens" ? json.messages[0].content : json.contents[0].parts[0].text;
    requests.push({ url: request.url ?? "", key, text });
    const reply = replies.shift();
    if (reply === "hang") return;
    if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    response.setHeader("content-type", "application/json");
    if (reply === "endless") return endless(response, (bytes) => (fake.sent += bytes));
    if (reply) {
      response.writeHead(reply.status, reply.headers);
      return response.end(reply.body);
    }
    const tokens = vendorTextTokens(text) + FRAMING;
    if (request.url === "/v1/messages/count_tokens")
      return response.end(JSON.stringify({ input_tokens: tokens }));
    if (request.url?.endsWith(":countTokens")) return response.end(JSON.stringify({ totalTokens: tokens }));
    response.statusCode = 404;
    response.end("{}");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: FakeCountServer = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    replies,
    delayMs: 0,
    maxInFlight: 0,
    sent: 0,
    reset() {
      requests.length = 0;
      replies.length = 0;
      Object.assign(fake, { delayMs: 0, maxInFlight: 0, sent: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/** For runs in process: every wait is recorded in `slept` and returns at once; the clock stands at noon on `today`. */
export const instantNet = (slept: number[], today: string): NetworkOptions => ({
  sleep: async (ms) => {
    slept.push(ms);
  },
  now: () => Date.parse(`${today}T12:00:00Z`),
});

/**
 * A chunked body without end: 64 KiB pieces written as fast as the client takes them (waiting for
 * `drain`, so the server's own memory stays flat), until the client goes away.
 */
export function endless(response: ServerResponse, sent: (bytes: number) => void): void {
  const piece = Buffer.alloc(64 * 1024, "9");
  response.writeHead(200, { "transfer-encoding": "chunked" });
  let open = true;
  response.on("close", () => {
    open = false;
  });
  const write = () => {
    while (open) {
      sent(piece.length);
      if (!response.write(piece)) return void response.once("drain", write);
    }
  };
  write();
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const pieces: Buffer[] = [];
    request.on("data", (chunk: Buffer) => pieces.push(chunk));
    request.on("end", () => resolve(Buffer.concat(pieces).toString("utf8")));
  });
}

const WORDS = (
  "the of and to in a is that for it as was with be by on not he this are or his from at which but have an " +
  "they you were her she there been one all we their has would when if so no will more can out up who them " +
  "into only some could time these two may first then do any like my now over such our man even most made " +
  "after also did many before must through back years where much your way well down should because each " +
  "just those people how too little state good very make world still own see men work long get here between " +
  "both life being under never day same another know while last might us great old year off come since " +
  "against go came right used take three report budget quarter engineer river village market morning " +
  "question answer library garden window winter summer account history reason company service building " +
  "travelled considered remarkable quietly although however government development information"
).split(" ");

/** English-like prose, the same for the same seed: sentences, commas, numbers, names and paragraphs. */
export function prose(seed: number, bytes: number): string {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const names = ["Alice", "Mr. Darcy", "Captain Hale", "Dr. Okafor", "Lisbon", "the Council"];
  let text = "";
  while (text.length < bytes) {
    const words = Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(WORDS));
    if (random() < 0.3) words.splice(2, 0, `${pick(names)},`);
    if (random() < 0.2) words.push(String(Math.floor(random() * 2000)));
    const sentence = words.join(" ");
    text += `${sentence[0]?.toUpperCase()}${sentence.slice(1)}${random() < 0.1 ? "?" : "."}`;
    text += random() < 0.15 ? "\n\n" : random() < 0.3 ? "\n" : " ";
  }
  return text;
}

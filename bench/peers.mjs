// The libraries the bench runs, each loaded the way its README says, counting without special-token errors
// (text such as "<|endoftext|>" is ordinary text, as llmcost counts it). `count` may return a promise
// (the Rust N-API binding counts on its own thread).
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** The llmcost checkout measured: this one, or BENCH_ROOT (e.g. a clone built while this one is mid-edit). */
export const ROOT = (process.env.BENCH_ROOT ?? new URL("..", import.meta.url).pathname).replace(/\/$/, "");
const require = createRequire(import.meta.url);

/** A giant single piece is quadratic in every peer: they get only its first this-many characters. */
const GIANT_CAP = { "js-tiktoken": 4_000, default: 20_000 };

export const LIBRARIES = {
  llmcost: {
    label: "llmcost",
    async load(encoding) {
      const { createTokenizerRegistry } = await import(pathToFileURL(`${ROOT}/dist/tokenizers/registry.js`));
      const tokenizer = await createTokenizerRegistry().load(encoding);
      return (text) => tokenizer.count(text);
    },
  },
  "gpt-tokenizer": {
    label: "gpt-tokenizer",
    peer: true,
    async load(encoding) {
      const { countTokens } = await import(`gpt-tokenizer/encoding/${encoding}`);
      const options = { disallowedSpecial: new Set() };
      return (text) => countTokens(text, options);
    },
  },
  "ai-tokenizer": {
    label: "ai-tokenizer",
    peer: true,
    async load(encoding) {
      const { Tokenizer } = await import("ai-tokenizer");
      const tokenizer = new Tokenizer(await import(`ai-tokenizer/encoding/${encoding}`));
      return (text) => tokenizer.count(text);
    },
  },
  "tiktoken-node": {
    label: "tiktoken-node (Rust N-API)",
    peer: true,
    async load(encoding) {
      const { getTokenizer, SupportedEncoding } = require("@anysphere/tiktoken-node");
      const tokenizer = getTokenizer();
      const id = { o200k_base: SupportedEncoding.O200k, cl100k_base: SupportedEncoding.Cl100k }[encoding];
      return (text) => tokenizer.exactNumTokensNoSpecialTokens(text, id);
    },
  },
  tiktoken: {
    label: "tiktoken (WASM)",
    peer: true,
    async load(encoding) {
      const { get_encoding } = await import("tiktoken");
      const tokenizer = get_encoding(encoding);
      const count = (text) => tokenizer.encode(text, [], []).length;
      count.free = () => tokenizer.free();
      return count;
    },
  },
  "js-tiktoken": {
    label: "js-tiktoken",
    peer: true,
    async load(encoding) {
      const { Tiktoken } = await import("js-tiktoken/lite");
      const tokenizer = new Tiktoken((await import(`js-tiktoken/ranks/${encoding}`)).default);
      return (text) => tokenizer.encode(text, [], []).length;
    },
  },
};

// Gemma 3 (bench/gemma.mjs): the one other JavaScript implementation of its tokenizer.json.
LIBRARIES["lenml-gemma3"] = {
  label: "@lenml/tokenizers (Gemma 3)",
  async load(encoding) {
    if (encoding !== "gemma-3") throw new Error("lenml-gemma3 runs gemma-3 only");
    const { loadLenmlGemma3 } = await import("./gemma.mjs");
    return loadLenmlGemma3();
  },
};

/**
 * The Rust N-API binding is not a devDependency: its packages for other platforms are not on every
 * registry, which breaks `npm ci`. Install it for a run with `npm install --no-save @anysphere/tiktoken-node`.
 */
const OPTIONAL = { "tiktoken-node": "@anysphere/tiktoken-node" };

function installed(name) {
  if (!OPTIONAL[name]) return true;
  try {
    require.resolve(OPTIONAL[name]);
    return true;
  } catch {
    return false;
  }
}

export const PEERS = Object.keys(LIBRARIES).filter((name) => LIBRARIES[name].peer && installed(name));
export const MISSING_PEERS = Object.keys(OPTIONAL).filter((name) => !installed(name));

/** How many characters of a corpus a library is given (Infinity: all of it). */
export function capFor(name, corpus) {
  if (name === "llmcost" || !corpus.giantPiece) return Number.POSITIVE_INFINITY;
  return GIANT_CAP[name] ?? GIANT_CAP.default;
}

/** Reads a file in 64 KiB pieces and decodes it as UTF-8, giving each decoded piece to `write`. */
export async function readDecoded(file, write) {
  const decoder = new TextDecoder();
  for await (const bytes of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    write(decoder.decode(bytes, { stream: true }));
  }
  write(decoder.decode());
}

/** The floor: read + decode only; the "count" is the number of UTF-16 units decoded. */
export async function floor(file) {
  let units = 0;
  await readDecoded(file, (text) => {
    units += text.length;
  });
  return units;
}

/** llmcost as the CLI counts a file: read in 64 KiB pieces, decoded, written into its count stream. */
export async function llmcostStreamLoader(encoding) {
  const { createTokenizerRegistry } = await import(pathToFileURL(`${ROOT}/dist/tokenizers/registry.js`));
  const tokenizer = await createTokenizerRegistry().load(encoding);
  return async (file) => {
    const stream = tokenizer.stream();
    await readDecoded(file, (text) => stream.write(text));
    return stream.end();
  };
}

// One library's first pass in a fresh process (what a CLI run gets): load the encoding, count one corpus once.
//   node bench/first-pass.mjs <library> <encoding> <corpus-file> [cap-characters]
// Prints one JSON line: { tokens, bytes, loadMs, countMs }. <library> is a key of LIBRARIES, or
//   floor           read the file in 64 KiB pieces and decode it as UTF-8, nothing else (the ceiling);
//   llmcost-stream  the same reading, each piece written into llmcost's count stream (the CLI's path).
// For those two, countMs includes reading the file; for the others the text is read first and only the
// count is timed. Bench also uses this script, on a one-line file, as each library's minimal start-up.
import { readFileSync } from "node:fs";
import { floor, LIBRARIES, llmcostStreamLoader } from "./peers.mjs";

const [name, encoding, file, cap] = process.argv.slice(2);
const started = performance.now();
let count;
let input = file;
if (name === "floor") count = floor;
else if (name === "llmcost-stream") count = await llmcostStreamLoader(encoding);
else if (LIBRARIES[name]) {
  count = await LIBRARIES[name].load(encoding);
  const text = readFileSync(file, "utf8");
  input = cap ? text.slice(0, Number(cap)) : text;
} else throw new Error(`unknown library "${name}"`);
const loaded = performance.now();
const tokens = await count(input);
const countMs = performance.now() - loaded;
const bytes = input === file ? readFileSync(file).length : Buffer.byteLength(input);
process.stdout.write(`${JSON.stringify({ tokens, bytes, loadMs: loaded - started, countMs })}\n`);
// The Rust binding keeps a worker thread alive; a CLI would exit here too.
process.exit(0);

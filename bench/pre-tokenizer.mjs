// The pre-tokenizer alone: pieces per second of each family's hand-written scanner against the regex it
// stands for (the shipped pattern, through the same regex path the tokenizer used before), on the
// bench's generated corpora. Uses dist/: run `npm run build` first.
//   node bench/pre-tokenizer.mjs [mb-per-corpus=2] [runs=9]
// Prints a markdown table (MB/s, medians of `runs` interleaved runs) and one JSON line.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { corpora, MB } from "./corpora.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { regexPieceSplitter, scannerFor } = await import(
  pathToFileURL(join(ROOT, "dist/tokenizers/piece-splitter.js"))
);

const mb = Number(process.argv[2] ?? 2);
const runs = Number(process.argv[3] ?? 9);

/** Each family once, by one vocabulary that has it (r50k_base's pattern is p50k_base's). */
async function families() {
  const patterns = {};
  for (const encoding of ["o200k_base", "cl100k_base", "p50k_base"])
    patterns[encoding] = [(await import(`js-tiktoken/ranks/${encoding}`)).default.pat_str];
  const folder = join(ROOT, "tokenizers");
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
    const json = JSON.parse(readFileSync(join(folder, file), "utf8"));
    if (json.patterns) patterns[file.replace(/\.json$/, "")] = json.patterns;
  }
  return patterns;
}

const KEYS = ["prose", "code", "cjk", "multilingual"];
const texts = corpora(mb).filter(({ key }) => KEYS.includes(key));

/** Milliseconds to split `text`, and how many pieces. */
function time(split, text) {
  let pieces = 0;
  const visit = () => {
    pieces++;
  };
  const started = performance.now();
  split(text, visit);
  return { ms: performance.now() - started, pieces };
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
for (const [family, patterns] of Object.entries(await families())) {
  const scanner = scannerFor(patterns);
  const regex = regexPieceSplitter(patterns);
  if (!scanner) {
    rows.push({ family, scanner: false });
    continue;
  }
  for (const { key, text } of texts) {
    const bytes = Buffer.byteLength(text);
    const times = { scanner: [], regex: [] };
    // One warm-up each, then interleaved runs.
    time(scanner, text);
    time(regex, text);
    for (let run = 0; run < runs; run++) {
      for (const [name, split] of [
        ["scanner", scanner],
        ["regex", regex],
      ]) {
        const { ms, pieces } = time(split, text);
        times[name].push(ms);
        times[`${name}Pieces`] = pieces;
      }
    }
    if (times.scannerPieces !== times.regexPieces)
      throw new Error(
        `${family} on ${key}: ${times.scannerPieces} pieces against the regex's ${times.regexPieces}`,
      );
    const scannerMBs = bytes / MB / (median(times.scanner) / 1000);
    const regexMBs = bytes / MB / (median(times.regex) / 1000);
    rows.push({
      family,
      corpus: key,
      scannerMBs,
      regexMBs,
      speedup: scannerMBs / regexMBs,
      pieces: times.scannerPieces,
    });
  }
}

const fixed = (n, digits = 1) => n.toFixed(digits);
console.log(`| family | corpus | scanner MB/s | regex MB/s | scanner / regex |`);
console.log(`|---|---|---:|---:|---:|`);
for (const row of rows) {
  if (row.scanner === false) console.log(`| ${row.family} | (no scanner: regex) | | | |`);
  else
    console.log(
      `| ${row.family} | ${row.corpus} | ${fixed(row.scannerMBs)} | ${fixed(row.regexMBs)} | ${fixed(row.speedup, 2)}× |`,
    );
}
console.log(JSON.stringify({ bench: "pre-tokenizer", mb, runs, rows }));

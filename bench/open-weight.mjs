// Open-weight families, issue 21: Qwen 3's first pass in a fresh process (what a CLI run gets), counted
// from memory and streamed from the file as the CLI reads it, on the bench's corpora. Its text is
// normalized to NFC before splitting, which the other byte-level vocabularies do not do.
// Run alone: node bench/open-weight.mjs [runs] (prints the section); `npm run bench` includes it.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { corpora, MB, writeCorpora } from "./corpora.mjs";

const FIRST_PASS = new URL("first-pass.mjs", import.meta.url).pathname;
const TARGETS = ["prose", "code", "cjk", "multilingual"];

function firstPass(library, encoding, file) {
  const child = spawnSync(process.execPath, [FIRST_PASS, library, encoding, file], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (child.status !== 0) throw new Error(`first pass of ${encoding} failed: ${child.stderr.slice(0, 200)}`);
  return JSON.parse(child.stdout);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The section's markdown lines: `runs` first passes per corpus, from memory and streamed. */
export function openWeightSection(runs = 5, encoding = "qwen-3") {
  const list = corpora(2).filter((corpus) => [...TARGETS, "base64"].includes(corpus.key));
  const { dir, files } = writeCorpora(list);
  const load = loadavg()[0];
  const rows = [];
  let slowest = Number.POSITIVE_INFINITY;
  for (const corpus of list) {
    // The same first pass of o200k_base in the same run, the three taking turns: this shared machine's
    // speed varies several-fold with its load, so the ratio says more than either number.
    const passes = [
      ["llmcost", encoding],
      ["llmcost-stream", encoding],
      ["llmcost", "o200k_base"],
    ];
    const results = passes.map(() => []);
    for (let run = 0; run < runs; run++)
      passes.forEach(([library, id], i) => {
        results[i].push(firstPass(library, id, files[corpus.key]));
      });
    const cells = results.map((ofPass) => {
      const speeds = ofPass.map((r) => r.bytes / MB / (r.countMs / 1000));
      return { tokens: ofPass[0].tokens, mbps: Math.max(...speeds), median: median(speeds) };
    });
    const [memory, streamed, o200k] = cells;
    if (TARGETS.includes(corpus.key)) slowest = Math.min(slowest, memory.mbps);
    rows.push([
      corpus.name,
      `${(Buffer.byteLength(corpus.text) / MB).toFixed(1)} MB`,
      String(memory.tokens),
      `${memory.mbps.toFixed(1)} (median ${memory.median.toFixed(1)})`,
      `${streamed.mbps.toFixed(1)} (median ${streamed.median.toFixed(1)})${streamed.tokens === memory.tokens ? "" : ` (count differs: ${streamed.tokens})`}`,
      `${o200k.mbps.toFixed(1)} (median ${o200k.median.toFixed(1)})`,
      `${(memory.mbps / o200k.mbps).toFixed(2)}×`,
    ]);
  }
  rmSync(dir, { recursive: true, force: true });
  return [
    "## Qwen 3 (open-weight families), issue 21",
    "",
    `First pass of \`${encoding}\` in a fresh process, MB/s, the fastest of ${runs} runs per corpus (median in brackets), taking turns with the same pass of o200k_base (\`node bench/first-pass.mjs llmcost ${encoding} <file>\`; streamed: \`llmcost-stream\`, which includes reading the file in 64 KiB pieces). Every count includes normalizing the text to NFC. Load average when the section started: ${load.toFixed(1)} on ${availableParallelism()} cores.`,
    "",
    `| corpus | size | tokens | ${encoding} MB/s | ${encoding}, streamed from file, MB/s | o200k_base MB/s, same run | ${encoding} ÷ o200k_base |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    `Target ≥ 10 MB/s first pass on prose, code, CJK and multilingual text: slowest ${slowest.toFixed(1)} MB/s — ${slowest >= 10 ? "**met**" : "**not met**"}. Random base64 is listed but not a target.`,
    "",
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${openWeightSection(Number(process.argv[2] ?? 5), process.argv[3]).join("\n")}\n`);
}

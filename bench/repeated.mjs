// Text with no safe cut point, issue 18 item 10: 100 MB of one character ("a", " ", "0", "的", "\n") for
// every shipped tokenizer family, whole process through the CLI (`node bin/llmcost.js estimate -m MODEL
// --format json FILE` under /usr/bin/time), against 100 MB of generated English prose through the same
// command. Target: seconds per MB ≤ 2× prose's for the same tokenizer, peak RSS < 256 MB. Text with no cut
// point that is no run (random letters without spaces, one base64 line) is measured too, not targeted.
// Run alone: node bench/repeated.mjs [MB] [family,…] (prints the section); `npm run bench` includes it.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fragments, MB, seeded } from "./corpora.mjs";
import { ROOT } from "./peers.mjs";

/** One model per tokenizer family (its pricing file's `tokenizer`), as the CLI selects it. */
export const FAMILIES = [
  ["o200k_base", "gpt-4o-2024-08-06"],
  ["cl100k_base", "gpt-4-0314"],
  ["llama-3", "llama-3-8b"],
  ["deepseek-v3", "deepseek-chat"],
  ["mistral-tekken", "mistral-small-2501"],
  ["mistral-v2", "mistral-large-2402"],
  ["mistral-v3", "mistral-small-2409"],
  ["llama-2", "llama-2-70b"],
  ["gemma-3", "gemini-2.0-flash-001"],
  ["claude-3 (estimator)", "claude-3-haiku-20240307"],
  ["claude-4.7 (estimator)", "claude-opus-4-7"],
];

export const CHARACTERS = ["a", " ", "0", "的", "\n"];

/** Writes `mb` MB made by `next()` (each call ≥ 1 byte) to `file`, 1 MB at a time. */
function writeGenerated(file, mb, next) {
  const fd = openSync(file, "w");
  let written = 0;
  while (written < mb * MB) {
    const parts = [];
    let length = 0;
    while (length < MB) {
      const part = next();
      parts.push(part);
      length += Buffer.byteLength(part);
    }
    const chunk = Buffer.from(parts.join("")).subarray(0, mb * MB - written);
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
}

/** Whole-process seconds and peak RSS of the CLI pricing one file for one model. */
function measure(model, file) {
  const child = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "bench-time=%e %M",
      process.execPath,
      join(ROOT, "bin", "llmcost.js"),
      "estimate",
      "-m",
      model,
      "--format",
      "json",
      file,
    ],
    { encoding: "utf8", timeout: 600_000, maxBuffer: 64 * MB },
  );
  const time = /bench-time=([\d.]+) (\d+)/.exec(child.stderr);
  if (child.status !== 0 || !time) {
    const why = child.stderr.split("\n").find((line) => /Error|heap|Killed|signal|llmcost:/.test(line));
    return { failed: `exit ${child.status ?? child.signal}${why ? `: ${why.trim().slice(0, 80)}` : ""}` };
  }
  const tokens = JSON.parse(child.stdout).results[0]?.inputTokens;
  return { seconds: Number(time[1]), rssMb: Number(time[2]) / 1024, tokens };
}

const name = (char) => (char === "\n" ? '"\\n"' : JSON.stringify(char));

/** The section's markdown lines. */
export function repeatedSection(mb = 100, families = FAMILIES, extraMb = 10) {
  const dir = mkdtempSync(join(tmpdir(), "llmcost-repeated-"));
  const prose = join(dir, "prose.txt");
  const f = fragments(seeded(42));
  writeGenerated(prose, mb, f.paragraph);
  const rows = [];
  let met = true;
  const worst = { ratio: 0, rss: 0 };
  try {
    const proseRuns = families.map(([, model]) => measure(model, prose));
    const files = CHARACTERS.map((char) => {
      const file = join(dir, `run-${char.codePointAt(0)}.txt`);
      writeGenerated(file, mb, () => char.repeat(4096));
      return file;
    });
    const random = seeded(7);
    const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const base64 = `${letters}0123456789+/`;
    const extras = [
      ["random letters, no spaces", (n) => letters[Math.floor(random() * n)], letters.length],
      ["one base64 line", (n) => base64[Math.floor(random() * n)], base64.length],
    ].map(([what, pick, n]) => {
      const file = join(dir, `${what.split(" ")[1]}.txt`);
      writeGenerated(file, extraMb, () => Array.from({ length: 4096 }, () => pick(n)).join(""));
      return [what, file];
    });
    families.forEach(([family, model], k) => {
      const base = proseRuns[k];
      const perMb = (run, size) => run.seconds / size;
      const cells = files.map((file) => {
        const run = measure(model, file);
        if (run.failed || base.failed) {
          met = false;
          return run.failed ?? "prose failed";
        }
        const ratio = perMb(run, mb) / perMb(base, mb);
        worst.ratio = Math.max(worst.ratio, ratio);
        worst.rss = Math.max(worst.rss, run.rssMb);
        if (ratio > 2 || run.rssMb >= 256) met = false;
        return `${run.seconds.toFixed(1)} s, ${run.rssMb.toFixed(0)} MB (${ratio.toFixed(2)}×)`;
      });
      const extraCells = extras.map(([, file]) => {
        const run = measure(model, file);
        return run.failed ?? `${run.seconds.toFixed(1)} s, ${run.rssMb.toFixed(0)} MB`;
      });
      const proseCell = base.failed ?? `${base.seconds.toFixed(1)} s, ${base.rssMb.toFixed(0)} MB`;
      rows.push([`${family} (\`${model}\`)`, proseCell, ...cells, ...extraCells]);
      process.stderr.write(`repeated: ${family} done\n`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    "## Text with no safe cut point (issue 18, item 10)",
    "",
    `Whole process through the CLI, \`/usr/bin/time -f "%e %M" node bin/llmcost.js estimate -m MODEL --format json FILE\`, one model per tokenizer family: ${mb} MB of generated English prose, then ${mb} MB of one character repeated (no safe cut point: the run would be one piece). Each cell: wall seconds, peak RSS, and in brackets the seconds per MB ÷ prose's for the same model. The last two columns (${extraMb} MB, not targeted) are text with no cut point that is no run.`,
    "",
    `| tokenizer (model) | prose | ${CHARACTERS.map(name).join(" | ")} | random letters, no spaces (${extraMb} MB) | one base64 line (${extraMb} MB) |`,
    `| --- | ---: | ${CHARACTERS.map(() => "---:").join(" | ")} | ---: | ---: |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    `Target: every repeated character ≤ 2× the time per MB of prose and < 256 MB peak RSS — worst ${worst.ratio.toFixed(2)}×, ${worst.rss.toFixed(0)} MB: ${met ? "**met**" : "**not met**"}.`,
    "",
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const wanted = process.argv[3]?.split(",");
  const families = wanted
    ? FAMILIES.filter(([family]) => wanted.some((w) => family.startsWith(w)))
    : FAMILIES;
  process.stdout.write(`${repeatedSection(Number(process.argv[2] ?? 100), families).join("\n")}\n`);
}

// First use after install: the CLI on a one-line file with an empty table cache, so it builds the tables
// its models need from the vocabularies (src/tokenizers/table-cache.ts) — what the first run after
// `npm i -g llmcost` pays once — beside the same command with the cache warm (what every later run pays).
// Each cold run gets a new XDG_CACHE_HOME; the warm runs share one, filled by an untimed run first.
// Medians of `runs`, the four commands interleaved. Alone: node bench/first-use.mjs [runs] [file]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./peers.mjs";

const COMMANDS = [
  { name: "-m gpt-4o", models: ["-m", "gpt-4o"] },
  { name: "default model set", models: [] },
];

function time(file, models, cacheHome) {
  const start = performance.now();
  const args = [`${ROOT}/bin/llmcost.js`, "estimate", file, ...models, "--format", "json"];
  const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
  const result = spawnSync(process.execPath, args, { encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`llmcost ${args.slice(1).join(" ")} failed: ${result.stderr}`);
  return performance.now() - start;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/** Per command: the median cold (empty cache) and warm wall time, ms. */
export function firstUse(oneLineFile, runs) {
  const warmHome = mkdtempSync(join(tmpdir(), "llmcost-bench-cache-"));
  try {
    for (const { models } of COMMANDS) time(oneLineFile, models, warmHome);
    const times = COMMANDS.map(() => ({ cold: [], warm: [] }));
    for (let run = 0; run < runs; run++) {
      COMMANDS.forEach(({ models }, index) => {
        const coldHome = mkdtempSync(join(tmpdir(), "llmcost-bench-cache-"));
        try {
          times[index].cold.push(time(oneLineFile, models, coldHome));
        } finally {
          rmSync(coldHome, { recursive: true, force: true });
        }
        times[index].warm.push(time(oneLineFile, models, warmHome));
      });
    }
    return COMMANDS.map(({ name }, index) => ({
      name,
      coldMs: median(times[index].cold),
      warmMs: median(times[index].warm),
    }));
  } finally {
    rmSync(warmHome, { recursive: true, force: true });
  }
}

/** The bench's row for it (no target: recorded, so a change to first use is seen). */
export function firstUseRow(results, runs) {
  const cells = results.map(
    (r) => `${r.name}: ${(r.coldMs / 1000).toFixed(2)} s cold, ${r.warmMs.toFixed(0)} ms warm`,
  );
  return [
    "first use after install (empty table cache), one-line file: recorded",
    `${cells.join("; ")} (medians of ${runs})`,
    "",
    "—",
  ];
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const runs = Number(process.argv[2] ?? 5);
  let file = process.argv[3];
  let dir;
  if (!file) {
    dir = mkdtempSync(join(tmpdir(), "llmcost-bench-"));
    file = join(dir, "one-line.txt");
    writeFileSync(file, "The quick brown fox jumps over the lazy dog.\n");
  }
  const row = firstUseRow(firstUse(file, runs), runs);
  if (dir) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`| ${row.join(" | ")} |\n`);
}

// Issue 22: what a user waits for on large files, whole process (spawn to exit), medians of runs taken in
// turns. Rows: 10 MB of prose and of CJK text, one o200k_base model, the CLI against each peer library's
// minimal script (import, load, read the file, count, print: first-pass.mjs); one 20 MB file with
// --jobs 1 against --jobs 2; the default model set against one model on that file; the pre-tokenizer
// alone against the regex (bench/pre-tokenizer.mjs, when present). Peak RSS by /usr/bin/time when there.
// Run alone: node bench/whole-process.mjs [runs] (prints the section); `npm run bench` includes it.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import { corpora, writeCorpora } from "./corpora.mjs";
import { PEERS, ROOT } from "./peers.mjs";

const FIRST_PASS = new URL("first-pass.mjs", import.meta.url).pathname;
const CLI = `${ROOT}/bin/llmcost.js`;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
/** A peer whose first run takes this many times the fastest's cannot be the fastest: it runs once. */
const HOPELESS = 4;
/** No run of a peer may take longer than this (js-tiktoken on CJK: ~70 s for 10 MB). */
const TIMEOUT_S = 60;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** One whole process: wall ms, peak RSS (MB, when /usr/bin/time is there), stdout. */
function timed(args) {
  const argv = TIME ? [TIME, "-f", "%M", process.execPath, ...args] : [process.execPath, ...args];
  const start = performance.now();
  const child = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: TIMEOUT_S * 1000 });
  const ms = performance.now() - start;
  if (child.error?.code === "ETIMEDOUT" || child.signal) return { ms, timedOut: true };
  if (child.status !== 0) throw new Error(`${args.join(" ")} failed: ${child.stderr.slice(0, 300)}`);
  const rssKb = TIME ? Number(child.stderr.trim().split("\n").at(-1)) : Number.NaN;
  return { ms, rssMb: rssKb / 1024, stdout: child.stdout };
}

/** Commands taken in turns, `runs` times (after one untimed run each); hopeless ones stop after one. */
function interleaved(commands, runs) {
  const results = commands.map(() => ({ ms: [], rss: [], stdout: "", timedOut: false }));
  for (const command of commands) spawnSync(process.execPath, command.args, { timeout: TIMEOUT_S * 1000 });
  for (let run = 0; run < runs; run++) {
    const best = Math.min(...results.filter((r) => r.ms.length > 0 && !r.timedOut).map((r) => median(r.ms)));
    commands.forEach((command, i) => {
      const result = results[i];
      if (result.timedOut || (run > 0 && command.peer && median(result.ms) > HOPELESS * best)) return;
      const once = timed(command.args);
      if (once.timedOut) result.timedOut = true;
      else {
        result.ms.push(once.ms);
        result.rss.push(once.rssMb);
        result.stdout = once.stdout;
      }
    });
  }
  return commands.map((command, i) => ({ ...command, ...results[i], median: median(results[i].ms) }));
}

const tokensOfCli = (stdout) => JSON.parse(stdout).results[0].inputTokens;
const tokensOfPeer = (stdout) => JSON.parse(stdout).tokens;

/** The CLI on one o200k_base model against every peer, on `file`. */
function againstPeers(file, runs) {
  const commands = [
    {
      name: "llmcost CLI (`estimate -m gpt-4o`)",
      cli: true,
      args: [CLI, "estimate", file, "-m", "gpt-4o", "-f", "json"],
    },
    ...PEERS.map((peer) => ({ name: peer, peer: true, args: [FIRST_PASS, peer, "o200k_base", file] })),
  ];
  const results = interleaved(commands, runs);
  const cli = results[0];
  const reference = tokensOfCli(cli.stdout);
  for (const r of results.slice(1)) r.exact = !r.timedOut && tokensOfPeer(r.stdout) === reference;
  const timedPeers = results.slice(1).filter((r) => !r.timedOut);
  const fastest = [...timedPeers].sort((a, b) => a.median - b.median)[0];
  const fastestExact = timedPeers.filter((r) => r.exact).sort((a, b) => a.median - b.median)[0];
  return { results, cli, fastest, fastestExact, tokens: reference };
}

/** The section's markdown lines, and the targets' figures. */
export function wholeProcessSection(runs = 5) {
  const ten = corpora(10);
  const twenty = corpora(20).filter((corpus) => corpus.key === "prose");
  const small = writeCorpora(ten.filter((corpus) => ["prose", "cjk"].includes(corpus.key)));
  const big = writeCorpora(twenty);
  const loadStart = loadavg()[0].toFixed(2);
  try {
    const prose = againstPeers(small.files.prose, runs);
    const cjk = againstPeers(small.files.cjk, runs);
    const file = big.files.prose;
    const gpt = ["-m", "gpt-4o", "-f", "json"];
    const jobs = interleaved(
      [
        { name: "-m gpt-4o --jobs 1", args: [CLI, "estimate", file, ...gpt, "-j", "1"] },
        { name: "-m gpt-4o --jobs 2", args: [CLI, "estimate", file, ...gpt, "-j", "2"] },
        { name: "-m gpt-4o (default jobs)", args: [CLI, "estimate", file, ...gpt] },
        { name: "default model set, --jobs 1", args: [CLI, "estimate", file, "-f", "json", "-j", "1"] },
        { name: "default model set (default jobs)", args: [CLI, "estimate", file, "-f", "json"] },
      ],
      runs,
    );
    const [one, two, gptAuto, setOne, setAuto] = jobs;
    const same =
      jobs[0].stdout && jobs.slice(1, 3).every((r) => tokensOfCli(r.stdout) === tokensOfCli(one.stdout));
    const sameSet = setOne.stdout === setAuto.stdout;
    const preTokenizer = preTokenizerRows();
    const lines = [
      "## Large files, whole process (issue 22)",
      "",
      `Wall time from spawn to exit, median of ${runs} runs taken in turns (a peer whose first run took over ${HOPELESS}× the fastest's runs once; none may run over ${TIMEOUT_S} s), ${availableParallelism()} cores, load average ${loadStart} at the start and ${loadavg()[0].toFixed(2)} at the end. Each peer runs first-pass.mjs: import the library, load o200k_base, read the file, count it, print; the CLI prices one model. Peak RSS by /usr/bin/time (median).`,
      "",
      "| corpus | tokens | " +
        prose.results.map((r) => r.name).join(" | ") +
        " | llmcost ÷ fastest peer | ÷ fastest exact peer |",
      `| --- | ---: | ${prose.results.map(() => "---:").join(" | ")} | ---: | ---: |`,
      ...[
        ["English prose (10 MB)", prose],
        ["CJK text (10 MB)", cjk],
      ].map(([name, row]) =>
        [
          `| ${name} | ${row.tokens}`,
          ...row.results.map((r) =>
            r.timedOut
              ? `> ${TIMEOUT_S} s`
              : `${seconds(r.median)}${r.ms.length === 1 ? " (1 run)" : ""}${r.peer && !r.exact ? " (count differs)" : ""}`,
          ),
          `${(row.cli.median / row.fastest.median).toFixed(2)}×`,
          `${row.fastestExact ? (row.cli.median / row.fastestExact.median).toFixed(2) : "—"}× |`,
        ].join(" | "),
      ),
      "",
      "One 20 MB file of prose (`estimate FILE -f json`):",
      "",
      "| run | median | peak RSS |",
      "| --- | ---: | ---: |",
      ...jobs.map((r) => `| ${r.name} | ${seconds(r.median)} | ${Math.round(median(r.rss))} MB |`),
      "",
      `--jobs 2 ÷ --jobs 1: **${(one.median / two.median).toFixed(2)}× faster**; default model set ÷ one model (default jobs): **${(setAuto.median / gptAuto.median).toFixed(2)}×** (at --jobs 1: ${(setOne.median / one.median).toFixed(2)}×). Counts equal across --jobs: ${same && sameSet ? "yes" : "**no**"}.`,
      "",
      ...preTokenizer,
    ];
    return {
      lines,
      figures: {
        prose: prose.cli.median / prose.fastest.median,
        cjk: cjk.fastestExact ? cjk.cli.median / cjk.fastestExact.median : Number.NaN,
        jobs: one.median / two.median,
        defaultSet: setAuto.median / gptAuto.median,
        equal: Boolean(same && sameSet),
      },
    };
  } finally {
    rmSync(small.dir, { recursive: true, force: true });
    rmSync(big.dir, { recursive: true, force: true });
  }
}

/** bench/pre-tokenizer.mjs's table (the scanner against the regex), when the checkout has it. */
function preTokenizerRows() {
  const script = new URL("pre-tokenizer.mjs", import.meta.url).pathname;
  if (!existsSync(script)) return [];
  const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 600_000 });
  if (child.status !== 0) throw new Error(`pre-tokenizer bench failed: ${child.stderr.slice(0, 300)}`);
  // Its markdown; a JSON line of the same figures is for scripts.
  const markdown = child.stdout.split("\n").filter((line) => !line.startsWith("{"));
  return [markdown.join("\n").trim(), ""];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { lines } = wholeProcessSection(Number(process.argv[2] ?? 5));
  process.stdout.write(`${lines.join("\n")}\n`);
}

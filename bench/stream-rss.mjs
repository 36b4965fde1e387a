// Peak RSS of the CLI counting a generated stream: `llmcost estimate -` reads stdin while this process writes
// `mb` MB of varied prose into it, generated on the fly (nothing is stored on disk). The child runs under
// GNU time, whose %M is its maximum resident set size. Run alone: node bench/stream-rss.mjs [mb] [-m gpt-4o]
import { spawn } from "node:child_process";
import { fragments, MB, seeded } from "./corpora.mjs";
import { ROOT } from "./peers.mjs";

/** Mostly English paragraphs, with source code and multilingual lines (CJK, emoji, CRLF) mixed in. */
function prose(random) {
  const f = fragments(random);
  return () => {
    const r = random();
    if (r < 0.8) return f.paragraph();
    if (r < 0.9) return f.code();
    return `${Array.from({ length: 8 }, f.multilingual).join("")}\n`;
  };
}

export async function streamRss(mb, modelArgs) {
  const args = [`${ROOT}/bin/llmcost.js`, "estimate", "-", ...modelArgs, "--format", "json"];
  const child = spawn("/usr/bin/time", ["-f", "peak-rss-kb=%M", process.execPath, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data) => {
    stdout += data;
  });
  child.stderr.on("data", (data) => {
    stderr += data;
  });
  const exited = new Promise((resolve) => child.on("close", resolve));
  const start = performance.now();
  const next = prose(seeded(7));
  const total = Math.round(mb * MB);
  let written = 0;
  child.stdin.on("error", () => {}); // the child failed; reported below from its exit status
  while (written < total && child.exitCode === null) {
    const parts = [];
    let length = 0;
    while (length < MB) {
      const part = next();
      parts.push(part);
      length += part.length;
    }
    const chunk = Buffer.from(parts.join("")).subarray(0, Math.min(4 * MB, total - written));
    written += chunk.length;
    // Wait for the pipe to drain, or for the child to die (a crashed child never drains it).
    if (!child.stdin.write(chunk))
      await Promise.race([new Promise((r) => child.stdin.once("drain", r)), exited]);
  }
  child.stdin.end();
  const code = await exited;
  const seconds = (performance.now() - start) / 1000;
  const rss = /peak-rss-kb=(\d+)/.exec(stderr);
  if (code !== 0 || !rss) {
    const why =
      stderr.split("\n").find((line) => /Error|heap|Killed|signal/i.test(line)) ?? stderr.slice(-200);
    const peak = rss ? `, peak RSS ${(Number(rss[1]) / 1024).toFixed(0)} MB` : "";
    return {
      mb: written / MB,
      seconds,
      error: `exit ${code} after ${(written / MB).toFixed(0)} MB written${peak}: ${why.trim()}`,
    };
  }
  const report = JSON.parse(stdout);
  const tokenizers = [...new Set(report.results.map((result) => result.countedWith))];
  const tokens = report.results.find((result) => result.countedWith === "o200k_base")?.inputTokens;
  return {
    mb: written / MB,
    seconds,
    peakRssMb: Number(rss[1]) / 1024,
    models: report.results.length,
    tokenizers,
    tokens,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await streamRss(Number(process.argv[2] ?? 1024), process.argv.slice(3));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// The action's first step: runs `llmcost check` or `llmcost diff` through npx, writes the JSON and
// markdown reports, appends the markdown to the job summary and sets the step outputs (verdict, totals).
// A failing verdict does not fail this step: the comment step comes first, then verdict.mjs fails the job.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ActionError, booleanInput, input, runStep, setOutputs } from "./github.mjs";

const COMMANDS = ["check", "diff"];
/** Inputs that mean something to one command only: given to the other, they are a mistake said as such. */
const ONLY_FOR = { paths: "diff", "base-ref": "diff", "fail-on-increase": "diff", config: "check" };

await runStep("run", async () => {
  const command = input("command");
  if (!COMMANDS.includes(command))
    throw new ActionError(`input command: expected check or diff, got "${command}"`, 64);
  for (const [name, owner] of Object.entries(ONLY_FOR))
    if (input(name) !== "" && owner !== command)
      throw new ActionError(`input ${name} applies to ${owner} only, not ${command}`, 64);
  const cwd = resolve(input("working-directory") || ".");
  const args = command === "diff" ? diffArgs(cwd) : checkArgs();
  if (booleanInput("fail-on-retired")) args.push("--fail-on-retired");
  // Last, after `--`: a path is a path even if it starts with "-".
  const operands = command === "diff" ? ["--", ...listOf(input("paths"))] : [];

  const npx = ["--yes", `llmcost@${llmcostVersion()}`];
  // The summary is written here, once, from the markdown run: llmcost itself would append it only for
  // some runs (check, diff with a threshold), and a second run would append it twice.
  const env = { ...process.env };
  delete env.GITHUB_STEP_SUMMARY;
  // The JSON run's stderr goes to the log as it comes: warnings and the ::error annotations are there.
  const json = await llmcost(npx, [...args, "--format", "json", ...operands], { cwd, env, showErrors: true });
  // The markdown run is the same run again; its stderr only repeats the first one's.
  const markdown = await llmcost(
    npx,
    [...args, "--format", "markdown", "--annotations", "none", ...operands],
    {
      cwd,
      env,
      showErrors: false,
    },
  );
  if (markdown.code !== json.code)
    throw new ActionError(`llmcost ${command} --format markdown exited ${markdown.code}: ${markdown.stderr}`);

  let report;
  try {
    report = JSON.parse(json.stdout);
  } catch {
    throw new ActionError(`llmcost ${command} --format json wrote no JSON report`, 70);
  }
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), "llmcost-action-"));
  const reportPath = join(dir, `${command}-report.json`);
  const markdownPath = join(dir, `${command}-report.md`);
  writeFileSync(reportPath, json.stdout);
  writeFileSync(markdownPath, markdown.stdout);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  // A blank line first, as llmcost appends: the report never runs into what an earlier step left.
  if (summary) appendFileSync(summary, `\n${markdown.stdout}`);

  const figures = command === "diff" ? diffFigures(report) : checkFigures(report);
  const verdict = json.code === 0 ? "pass" : "fail";
  setOutputs({ verdict, ...figures, report: reportPath, markdown: markdownPath });
  process.stdout.write(`llmcost ${command}: ${verdict}\n`);
});

/** `diff --base REF [-m …] [--fail-on-increase N]`: the base fetched when it is derived and missing. */
function diffArgs(cwd) {
  const base = input("base-ref") || derivedBase(cwd);
  const args = ["diff", "--base", base];
  const models = input("models");
  if (models) args.push("--model", models);
  const limit = input("fail-on-increase");
  if (limit) args.push("--fail-on-increase", limit);
  return args;
}

function checkArgs() {
  const args = ["check"];
  const config = input("config");
  if (config) args.push("--config", config);
  const models = input("models");
  if (models) args.push("--model", models);
  return args;
}

/** Paths: one per line when there are several lines (a path may hold a space), else separated by spaces. */
function listOf(text) {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const list = lines.length > 1 ? lines : text.split(/\s+/);
  return list.filter((entry) => entry !== "");
}

/**
 * origin/<the pull request's base branch>. actions/checkout fetches one commit by default, so the base
 * branch is often missing: its tip is fetched (one commit is enough, its files are read through git).
 */
function derivedBase(cwd) {
  const branch = process.env.GITHUB_BASE_REF;
  if (!branch)
    throw new ActionError(
      "input base-ref: not a pull request (GITHUB_BASE_REF is not set); give the revision to compare with",
      64,
    );
  const ref = `origin/${branch}`;
  const git = (...gitArgs) => spawnSync("git", gitArgs, { cwd, encoding: "utf8" });
  if (git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`).status === 0) return ref;
  const fetched = git(
    "fetch",
    "--no-tags",
    "--depth=1",
    "origin",
    `+refs/heads/${branch}:refs/remotes/${ref}`,
  );
  if (fetched.status !== 0)
    throw new ActionError(
      `cannot fetch the base branch ${branch} from origin: ${(fetched.stderr || String(fetched.error)).trim()}`,
    );
  return ref;
}

/** The llmcost release to run: the version input, else this action's own version. */
function llmcostVersion() {
  const given = input("version");
  if (given) {
    if (/\s/.test(given))
      throw new ActionError(`input version: expected a version such as 0.1.0, got "${given}"`, 64);
    return given;
  }
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return pkg.version;
}

/** Runs `npx --yes llmcost@V …`: its exit code and output; 0 and 1 are verdicts, anything else an error. */
function llmcost(npx, args, { cwd, env, showErrors }) {
  return new Promise((done, fail) => {
    const child = spawn("npx", [...npx, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => {
      err.push(chunk);
      if (showErrors) process.stderr.write(chunk);
    });
    child.on("error", (error) => fail(new ActionError(`cannot run npx: ${error.message}`, 70)));
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(err).toString("utf8").trim();
      if (code !== 0 && code !== 1) {
        const how = code === null ? `was stopped by ${signal}` : `exited ${code}`;
        const said = showErrors ? " (its error is above)" : `: ${stderr}`;
        fail(new ActionError(`llmcost ${args[0]} ${how}${said}`, code ?? 70));
        return;
      }
      done({ code, stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
  });
}

/** diff: per model, the exact costs (the report's costExact strings), the percent and the input tokens. */
function diffFigures(report) {
  const totals = {};
  for (const row of report.results ?? [])
    totals[row.model] = {
      costBefore: row.costExact.before,
      costAfter: row.costExact.after,
      costDelta: row.costExact.delta,
      percent: row.percent,
      tokensBefore: row.tokensBefore,
      tokensAfter: row.tokensAfter,
    };
  const first = report.results?.[0];
  return {
    failed: String(report.failOnIncrease?.failed.length ?? 0),
    cost: first?.costExact.after ?? "",
    "cost-delta": first?.costExact.delta ?? "",
    totals: JSON.stringify(totals),
  };
}

/** check: per rule, its verdict and per model its cost and tokens. */
function checkFigures(report) {
  const totals = {};
  for (const rule of report.rules ?? []) {
    const models = {};
    for (const row of rule.results ?? [])
      models[row.model] = {
        cost: row.totalCost,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
      };
    totals[rule.name] = { passed: rule.passed, models };
  }
  const first = report.rules?.find((rule) => (rule.results ?? []).length > 0)?.results[0];
  return {
    failed: String((report.rules ?? []).filter((rule) => !rule.passed).length),
    cost: first ? plainDecimal(first.totalCost) : "",
    "cost-delta": "",
    totals: JSON.stringify(totals),
  };
}

/**
 * A JSON number as the decimal llmcost wrote (JavaScript's shortest form, written out where it would
 * use an exponent: 1.5e-7 → "0.00000015").
 */
function plainDecimal(value) {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, head, tail = "", exponentText] = match;
  const exponent = Number(exponentText);
  const digits = head + tail;
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits.padEnd(exponent + 1, "0")}`;
}

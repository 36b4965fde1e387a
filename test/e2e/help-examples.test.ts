// The examples of every command's --help (src/cli/help-texts.ts) run as written, by the built CLI:
// each is run in a directory holding the files it names, and must succeed (exit 0, or 1 where it sets
// a limit). Those that need the network or an API key are held to what can be told without: their
// flags are the command's, and calibrate stops only at the missing key. (An e2e test: the built rank
// tables make its ~40 runs quick, where the sources would build them for every file.)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HELP_TEXTS } from "../../src/cli/help-texts.js";
import { loadCatalog } from "../../src/index.js";
import { tempDir } from "../temp-dir.js";
import { llmcost as inProcess } from "./in-process.js";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
const catalog = await loadCatalog();
/** The day the examples are run on: the newest `checked` date of the shipped prices, as examples-on-sale does. */
const newestChecked = catalog.models
  .flatMap((model) => model.prices.map((period) => period.checked))
  .sort()
  .at(-1) as string;

const dir = tempDir();
const env = { LLMCOST_TODAY: newestChecked, HOME: dir };
const llmcost = (argv: string[], input = "", cwd = dir) => inProcess(argv, { input, env, cwd });

/** The words of a command line: single quotes keep spaces; a leading `llmcost` is dropped. */
const words = (line: string) =>
  [...line.trim().matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "").filter(Boolean);

/**
 * Runs one example as a shell would: `echo TEXT | llmcost …` feeds TEXT, `llmcost A | llmcost B`
 * feeds A's output to B, and `> FILE` is left out (the output is looked at instead).
 */
async function runExample(line: string, cwd = dir) {
  let input = "";
  let last: Awaited<ReturnType<typeof llmcost>> = { code: 0, stdout: "", stderr: "", allStderr: "" };
  for (const stage of line.replace(/\s>\s\S+$/, "").split(" | ")) {
    const [program, ...argv] = words(stage);
    if (program === "echo") {
      input = `${argv.join(" ")}\n`;
      continue;
    }
    expect(program).toBe("llmcost");
    last = await llmcost(argv, input, cwd);
    input = last.stdout;
  }
  return last;
}

beforeAll(async () => {
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const prose = "Summarise the attached report in three sentences for a busy reader.\n";
  for (const path of ["prompt.md", "prompts/a.md", "prompts/b.txt", "old/a.md", "docs/guide.md", "part/x.md"])
    write(path, prose);
  write("new/a.md", `${prose}${prose}Answer in French.\n`);
  copyFileSync(join(FIXTURES, "requests/openai-batch.jsonl"), join(dir, "batch.jsonl"));
  copyFileSync(join(FIXTURES, "litellm/small.json"), join(dir, "prices.json"));
  copyFileSync(join(FIXTURES, "user-pricing/private.json"), join(dir, "my-prices.json"));
  copyFileSync(join(FIXTURES, "hf/qwen.json"), join(dir, "tokenizer.json"));
  write(
    "llmcost.config.json",
    JSON.stringify({ models: ["gpt-6-sol"], rules: [{ paths: ["prompts/**"], maxCost: 1 }] }),
  );
  // What other examples read: a saved report and shards of estimate.
  write("report.json", (await llmcost(["estimate", "prompts/", "-f", "json"])).stdout);
  for (const [shard, path] of [
    ["shard-1.jsonl", "prompt.md"],
    ["shard-2.jsonl", "prompts/"],
  ] as const) {
    const { stdout } = await llmcost(["estimate", path, "-m", "deepseek-flash", "-f", "jsonl"]);
    write(shard, stdout);
    write(`shards/${shard}`, stdout);
  }
  // `diff --base HEAD` compares with a commit: the directory is a repository with one.
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: dir,
      stdio: "pipe",
    });
  git("init", "-q");
  git("add", "prompts");
  git("commit", "-qm", "prompts");
  write("prompts/a.md", `${prose}${prose}`);
}, 120_000);

/** Examples that need the network: only their flags are checked. */
const needsNetwork = (line: string) => line.includes("llmcost pricing update");

const examples = Object.entries(HELP_TEXTS).flatMap(([path, text]) =>
  text.examples.map((example) => ({ path, ...example })),
);

describe("the examples of --help run as written", () => {
  it("has examples of every command", () => {
    expect(examples.length).toBeGreaterThan(30);
  });

  it.each(examples)("$command", { timeout: 60_000 }, async ({ path, command, says }) => {
    // Every flag it uses is one of its command's, as --help lists them.
    const { stdout: help } = await llmcost([...path.split(" ").filter(Boolean), "--help"]);
    const stage = command.split(" | ").find((part) => part.startsWith(`llmcost ${path}`.trimEnd())) ?? "";
    for (const flag of words(stage).filter((word) => /^--?[a-zA-Z]/.test(word)))
      expect(help, `${flag} in ${command}`).toMatch(new RegExp(`(^|[ ,])${flag}[ ,\\n]`, "m"));
    if (needsNetwork(command)) return;
    // init writes llmcost.config.json where it runs: each in a project of its own, with prompts.
    const project = path === "init" ? tempDir() : dir;
    if (path === "init") {
      mkdirSync(join(project, "prompts"));
      writeFileSync(join(project, "prompts", "a.md"), "Summarise the attached report.\n");
      if (command.includes("--force")) writeFileSync(join(project, "llmcost.config.json"), "{}");
    }
    const result = await runExample(command, project);
    if (path === "calibrate") {
      // The model has a counting endpoint and the flags are good: only the key is missing, as it says.
      const key = /needs (\w+)/.exec(says)?.[1] as string;
      expect(result.stderr).toContain(key);
      expect(result.stderr).toMatch(/not set/);
      return;
    }
    expect(result.stderr, command).not.toMatch(/retired|unknown|invalid/i);
    // Exit 1 only where the example sets a limit that can fail.
    const limits = /--max-|--fail-on|llmcost check/.test(command);
    expect(limits ? [0, 1] : [0], `${command}\n${result.stderr}`).toContain(result.code);
    // It writes its report, to stdout or to the file -o names.
    const out = /(?:-o|--out) (\S+)/.exec(command)?.[1];
    if (out) expect(readFileSync(join(dir, out), "utf8").length, command).toBeGreaterThan(0);
    else if (path === "init")
      expect(readFileSync(join(project, "llmcost.config.json"), "utf8")).toContain("prompts");
    else expect(result.stdout.length, command).toBeGreaterThan(0);
  });
});

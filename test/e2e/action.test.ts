import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fakeCommentApi, fakeRunner, pullRequest, runAction } from "./action-runner.js";
import { ROOT, tempDir } from "./cli.js";

/** action.yml's steps run as the runner runs them, against the built CLI and a fake comment API. */

const GPT4O = "gpt-4o-2024-08-06";
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const MARKER = "<!-- llmcost-action: diff -->";

let api: Awaited<ReturnType<typeof fakeCommentApi>>;
beforeAll(async () => {
  api = await fakeCommentApi();
});
afterAll(() => api.close());

/**
 * A clone of a repository whose main branch has a config and two prompts, checked out as
 * actions/checkout leaves a pull request: the head commit, and no origin/main (one commit fetched).
 */
function checkout(head: Record<string, string>) {
  const dir = tempDir();
  const origin = join(dir, "origin.git");
  const repo = join(dir, "repo");
  const git = (cwd: string, ...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
      { cwd, stdio: "pipe" },
    )
      .toString()
      .trim();
  mkdirSync(join(repo, "prompts"), { recursive: true });
  git(repo, "init", "-q");
  git(repo, "symbolic-ref", "HEAD", "refs/heads/main");
  const config = {
    models: ["gpt-4o"],
    rules: [
      // One token of gpt-4o-mini ($0.15 per million): a cost JSON writes with an exponent (1.5e-7).
      { name: "tiny", paths: ["prompts/tiny.md"], models: ["gpt-4o-mini"], maxCost: 0.01 },
      { name: "prompts", paths: ["prompts/**/*.md"], maxCost: 0.0001 },
    ],
  };
  writeFileSync(join(repo, "llmcost.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(repo, "prompts", "system.md"), "You are a helpful assistant. Answer briefly.\n");
  writeFileSync(join(repo, "prompts", "tiny.md"), "Hi");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "base");
  const base = git(repo, "rev-parse", "HEAD");
  git(dir, "init", "-q", "--bare", origin);
  git(repo, "remote", "add", "origin", origin);
  git(repo, "push", "-q", "origin", "main");
  git(repo, "checkout", "-q", "-b", "change");
  for (const [file, text] of Object.entries(head)) writeFileSync(join(repo, file), text);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--allow-empty", "-m", "head");
  git(repo, "update-ref", "-d", "refs/remotes/origin/main");
  return { dir, repo, base, git: (...args: string[]) => git(repo, ...args) };
}

/** The `with:` of docs/ci.md's first workflow's step running the action with this command, as the runner reads it (strings). */
function documented(command: string): Record<string, string> {
  const doc = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
  const workflow = parse(/```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "") as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((s) => s.uses?.startsWith("OWNER/llmcost@") && s.with?.command === command);
  if (!step?.with) throw new Error(`docs/ci.md: no step running the action's ${command}`);
  return Object.fromEntries(Object.entries(step.with).map(([name, value]) => [name, String(value)]));
}

const LONGER =
  "You are a helpful assistant. Answer at length, politely, with examples, citations and a summary at the end.\n";

describe("action.yml: diff with a pull-request comment", () => {
  it("fails a change over fail-on-increase: outputs, summary, annotations, one comment created then updated", async () => {
    const setup = checkout({ "prompts/system.md": LONGER });
    const runner = fakeRunner(setup.dir, setup.repo, api.url);
    // The inputs of docs/ci.md's workflow, as written there.
    const inputs = documented("diff");
    expect(inputs).toEqual({
      command: "diff",
      models: "gpt-4o",
      paths: "prompts",
      "fail-on-increase": "10",
      comment: "true",
    });
    const first = await runAction(runner, inputs);

    // The verdict fails the job in the last step, after the run and the comment steps passed.
    expect(
      first.steps.map((step) => [step.id, step.code]),
      first.log,
    ).toEqual([
      ["run", 0],
      ["comment", 0],
      ["verdict", 1],
    ]);
    expect(first.failed).toBe("verdict");
    expect(first.log).toContain(
      "::error title=llmcost action::verdict: llmcost diff failed (1 model failed)",
    );
    // llmcost's own annotation, from the JSON run only (the markdown run has --annotations none).
    expect(first.log.match(/^::error title=llmcost budget::/gm)).toHaveLength(1);
    // npx ran the action's own version, the JSON run then the markdown run; origin/main was fetched first.
    expect(readFileSync(runner.npxLog, "utf8")).toBe(
      [
        `--yes llmcost@${VERSION} diff --base origin/main --model gpt-4o --fail-on-increase 10 --format json -- prompts`,
        `--yes llmcost@${VERSION} diff --base origin/main --model gpt-4o --fail-on-increase 10 --format markdown --annotations none -- prompts`,
        "",
      ].join("\n"),
    );
    expect(setup.git("rev-parse", "origin/main")).toBe(setup.base);

    // Outputs: the verdict, and the figures of the JSON report, exactly.
    const report = JSON.parse(readFileSync(first.outputs.report ?? "", "utf8")) as {
      results: { model: string; percent: number; costExact: Record<string, string> }[];
    };
    const row = report.results[0];
    expect(row?.model).toBe(GPT4O);
    expect(first.outputs).toMatchObject({
      verdict: "fail",
      failed: "1",
      cost: row?.costExact.after,
      "cost-delta": row?.costExact.delta,
      "comment-url": "https://github.com/acme/prompts/pull/7#issuecomment-1000",
    });
    expect(JSON.parse(first.outputs.totals ?? "")).toEqual({
      [GPT4O]: expect.objectContaining({
        costBefore: row?.costExact.before,
        costAfter: row?.costExact.after,
        costDelta: row?.costExact.delta,
        percent: row?.percent,
      }),
    });
    expect(Number(row?.costExact.delta)).toBeGreaterThan(0);
    expect(first.outputs.report?.startsWith(runner.temp)).toBe(true);

    // The markdown report: in the summary once, after what was there, and the comment's body.
    const markdown = readFileSync(first.outputs.markdown ?? "", "utf8");
    expect(markdown).toContain(`**❌ Fail:** \`${GPT4O}\` grew by more than 10% (--fail-on-increase 10)`);
    expect(readFileSync(runner.summary, "utf8")).toBe(`## An earlier step\n\n${markdown}`);
    expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/prompts/issues/7/comments",
      "POST /repos/acme/prompts/issues/7/comments",
    ]);
    expect(api.state.comments).toHaveLength(1);
    expect(api.state.comments[0]?.body).toBe(`${MARKER}\n${markdown}`);

    // Another push, with other people's comments in between (more than a page of them): the same
    // comment is edited, none added.
    for (let i = 0; i < 120; i++)
      api.state.comments.push({
        id: i + 1,
        body: `looks good ${i}`,
        html_url: "",
        user: { login: "someone" },
      });
    writeFileSync(join(setup.repo, "prompts", "system.md"), `${LONGER}Cite every source.\n`);
    api.state.requests.length = 0;
    const second = await runAction(runner, inputs);
    expect(second.failed).toBe("verdict");
    expect(api.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/prompts/issues/7/comments",
      "PATCH /repos/acme/prompts/issues/comments/1000",
    ]);
    const ours = api.state.comments.filter((c) => c.body.startsWith(MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toBe(`${MARKER}\n${readFileSync(second.outputs.markdown ?? "", "utf8")}`);
    expect(ours[0]?.body).not.toBe(`${MARKER}\n${markdown}`); // the new report, not the first
    expect(second.outputs["comment-url"]).toBe(first.outputs["comment-url"]);

    // The same report again (from the comment step on, with the second run's outputs): found, on the
    // first page now, and not edited.
    api.state.requests.length = 0;
    const { verdict = "", failed = "", markdown: again = "" } = second.outputs;
    const third = await runAction(runner, inputs, {
      from: "comment",
      given: { run: { verdict, failed, markdown: again } },
    });
    expect(third.steps.find((s) => s.id === "comment")?.stdout).toContain("llmcost comment unchanged");
    expect(api.state.requests.map((r) => r.method)).toEqual(["GET"]);
    api.state.comments.length = 0;
  });

  it("passes a change within the threshold; comment off posts nothing", async () => {
    const setup = checkout({ "prompts/system.md": "You are a helpful assistant. Answer briefly!\n" });
    const runner = fakeRunner(setup.dir, setup.repo, api.url);
    api.state.requests.length = 0;
    // Paths one per line (so one may hold a space); "comment" left at its default.
    const run = await runAction(runner, {
      command: "diff",
      models: "gpt-4o",
      paths: "prompts/system.md\n  prompts/tiny.md\n",
      "fail-on-increase": "10",
    });
    expect(run.failed, run.log).toBeUndefined();
    expect(readFileSync(runner.npxLog, "utf8")).toContain(
      "--fail-on-increase 10 --format json -- prompts/system.md prompts/tiny.md\n",
    );
    expect(run.outputs).toMatchObject({ verdict: "pass", failed: "0", "comment-url": "" });
    expect(run.log).not.toContain("::error");
    expect(readFileSync(run.outputs.markdown ?? "", "utf8")).toContain("**✅ Pass:**");
    expect(api.state.requests).toEqual([]);
  });

  it("the comment step alone: an API error, no connection, a fork's pull request, a push, a comment-key", async () => {
    // From the comment step on, with the run step's outputs given: no llmcost run is needed here.
    const dir = tempDir();
    const markdown = join(dir, "report.md");
    writeFileSync(markdown, "### llmcost diff\n");
    const given = { run: { verdict: "pass", failed: "0", markdown } };
    const inputs = { command: "diff", comment: "true" };
    const fromComment = { from: "comment", given };

    // An API error fails the comment step with GitHub's status and message; the verdict step is not reached.
    api.state.failWith = 403;
    try {
      const denied = await runAction(fakeRunner(tempDir(), dir, api.url), inputs, {
        from: "comment",
        given: { run: { ...given.run, verdict: "fail", failed: "1" } },
      });
      expect(denied.failed).toBe("comment");
      expect(denied.steps.map((step) => step.id)).toEqual(["comment"]);
      expect(denied.log).toBe(
        "::error title=llmcost action::comment: GitHub API: GET /repos/acme/prompts/issues/7/comments: 403 Forbidden: Resource not accessible by integration (the workflow needs `permissions: pull-requests: write` for its token)\n",
      );
    } finally {
      api.state.failWith = 0;
    }

    // Nothing listening: the connection's failure is said as such.
    const closed = await fakeCommentApi();
    await closed.close();
    const offline = await runAction(fakeRunner(tempDir(), dir, closed.url), inputs, fromComment);
    expect(offline.failed).toBe("comment");
    expect(offline.log).toBe(
      "::error title=llmcost action::comment: GitHub API: GET /repos/acme/prompts/issues/7/comments failed: ECONNREFUSED\n",
    );

    api.state.requests.length = 0;
    const fork = await runAction(
      fakeRunner(tempDir(), dir, api.url, pullRequest("someone/prompts")),
      inputs,
      fromComment,
    );
    expect(fork.failed, fork.log).toBeUndefined();
    expect(fork.log).toContain("::warning title=llmcost action::pull request from the fork someone/prompts");
    const push = await runAction(
      fakeRunner(tempDir(), dir, api.url, { event_name: "push" }),
      inputs,
      fromComment,
    );
    expect(push.failed, push.log).toBeUndefined();
    expect(push.log).toContain("::notice title=llmcost action::not a pull request (push): no comment posted");
    expect(api.state.requests).toEqual([]);

    // With comment-key: its own marker, so another comment beside the command's.
    const keyed = await runAction(
      fakeRunner(tempDir(), dir, api.url),
      { ...inputs, "comment-key": "docs" },
      fromComment,
    );
    expect(keyed.failed, keyed.log).toBeUndefined();
    expect(api.state.comments.map((c) => c.body)).toEqual([
      "<!-- llmcost-action: docs -->\n### llmcost diff\n",
    ]);
    api.state.comments.length = 0;

    // A report longer than GitHub takes in a comment (65,536 characters) is cut, and says so.
    writeFileSync(markdown, `### llmcost diff\n${"| `a-very-long-file-name.md` | 1 | 2 |\n".repeat(2000)}`);
    const long = await runAction(fakeRunner(tempDir(), dir, api.url), inputs, fromComment);
    expect(long.failed, long.log).toBeUndefined();
    const body = api.state.comments[0]?.body ?? "";
    expect(body.length).toBe(65536);
    expect(body.endsWith("\n\n… cut to fit a comment: the whole report is in the job summary.\n")).toBe(true);
    api.state.comments.length = 0;
  });
});

describe("action.yml: check", () => {
  it("outputs the verdict and each rule's totals, passing and failing", async () => {
    const setup = checkout({});
    const runner = fakeRunner(setup.dir, setup.repo, api.url);
    expect(documented("check")).toEqual({ command: "check" });
    const pass = await runAction(runner, documented("check"));
    expect(pass.failed, pass.log).toBeUndefined();
    const passReport = JSON.parse(readFileSync(pass.outputs.report ?? "", "utf8")) as {
      rules: { name: string; results: { model: string; totalCost: number; inputTokens: number }[] }[];
    };
    const [tiny, prompts] = passReport.rules.map((rule) => rule.results[0]);
    expect(tiny).toMatchObject({ model: "gpt-4o-mini-2024-07-18", totalCost: 1.5e-7 });
    // The first rule's first model's cost, written out in full.
    expect(pass.outputs).toMatchObject({
      verdict: "pass",
      failed: "0",
      cost: "0.00000015",
      "cost-delta": "",
    });
    expect(JSON.parse(pass.outputs.totals ?? "")).toEqual({
      tiny: {
        passed: true,
        models: { "gpt-4o-mini-2024-07-18": { cost: 1.5e-7, inputTokens: 1, outputTokens: 0 } },
      },
      prompts: {
        passed: true,
        models: { [GPT4O]: { cost: prompts?.totalCost, inputTokens: prompts?.inputTokens, outputTokens: 0 } },
      },
    });
    expect(readFileSync(runner.summary, "utf8")).toContain("### llmcost check");

    // Over maxCost (0.0001 USD): about 2,000 words.
    writeFileSync(join(setup.repo, "prompts", "long.md"), "Answer with care. ".repeat(700));
    const fail = await runAction(runner, { command: "check" });
    expect(fail.failed).toBe("verdict");
    expect(fail.outputs).toMatchObject({ verdict: "fail", failed: "1" });
    expect(fail.log).toContain("::error title=llmcost action::verdict: llmcost check failed (1 rule failed)");
    expect(JSON.parse(fail.outputs.totals ?? "").prompts.passed).toBe(false);
    expect(readFileSync(runner.npxLog, "utf8")).toContain(`--yes llmcost@${VERSION} check --format json\n`);
  });

  it("prices every rule with the models input instead of the config's (check --model)", async () => {
    const setup = checkout({});
    const runner = fakeRunner(setup.dir, setup.repo, api.url);
    const run = await runAction(runner, { command: "check", models: "gpt-4o-mini" });
    expect(run.failed, run.log).toBeUndefined();
    expect(readFileSync(runner.npxLog, "utf8")).toContain("check --model gpt-4o-mini --format json\n");
    const totals = JSON.parse(run.outputs.totals ?? "") as Record<
      string,
      { models: Record<string, unknown> }
    >;
    expect(Object.keys(totals)).toEqual(["tiny", "prompts"]);
    for (const rule of Object.values(totals))
      expect(Object.keys(rule.models)).toEqual(["gpt-4o-mini-2024-07-18"]);
  });

  it("says a wrong input in one line and runs nothing: unknown command, an input of the other command", async () => {
    const setup = checkout({});
    const runner = fakeRunner(setup.dir, setup.repo, api.url);
    const cases: [Record<string, string>, string][] = [
      [{ command: "estimate" }, 'run: input command: expected check or diff, got "estimate"'],
      [{ command: "check", paths: "prompts" }, "run: input paths applies to diff only, not check"],
      [{ command: "diff", config: "x.json" }, "run: input config applies to check only, not diff"],
      [
        { command: "check", "fail-on-retired": "yes" },
        'run: input fail-on-retired: expected true or false, got "yes"',
      ],
    ];
    for (const [inputs, message] of cases) {
      const run = await runAction(runner, inputs);
      expect(run.failed).toBe("run");
      expect(run.log).toBe(`::error title=llmcost action::${message}\n`);
    }
    // llmcost's own usage error (a bad threshold) fails the run step with its exit code, said once.
    const bad = await runAction(runner, { command: "diff", "fail-on-increase": "ten" });
    expect(bad.steps[0]?.code).toBe(64);
    expect(bad.log).toContain("llmcost: --fail-on-increase: expected a percentage");
    expect(bad.log).toContain(
      "::error title=llmcost action::run: llmcost diff exited 64 (its error is above)\n",
    );
    expect(readFileSync(runner.npxLog, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
  });
});

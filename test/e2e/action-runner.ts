// A small stand-in for the GitHub Actions runner, enough for action.yml: it runs the composite action's
// steps in order (`bash -c` with each step's env, expressions filled in), gives each step its own
// $GITHUB_OUTPUT file, stops at the first failing step, and fills in the action's outputs. Also a fake
// GitHub REST API for issue comments (node:http on 127.0.0.1, port 0).
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse } from "yaml";
import { BIN, ROOT, TODAY } from "./cli.js";

export interface ActionStep {
  id: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  if?: string;
}
export interface ActionFile {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionFile;

/** Every `${{ … }}` in a text. */
export const expressionsIn = (text: string) =>
  [...text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1] ?? "");

/** `name<<DELIMITER … DELIMITER` and `name=value` entries of a $GITHUB_OUTPUT file. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const end = lines.indexOf(delimiter ?? "", i + 1);
      if (end < 0) throw new Error(`$GITHUB_OUTPUT: ${name} has no closing ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    } else if (line !== "") throw new Error(`$GITHUB_OUTPUT: cannot read ${JSON.stringify(line)}`);
  }
  return outputs;
}

export interface StepRun {
  id: string;
  code: number | null;
  stdout: string;
  stderr: string;
}
export interface ActionRun {
  steps: StepRun[];
  /** The step that failed (the job fails there), if any. */
  failed?: string;
  outputs: Record<string, string>;
  /** Every step's stdout and stderr, as the log shows them. */
  log: string;
}

/** The runner's fake world: a workspace, a temp directory, an event, a summary, an npx that runs this checkout. */
export interface Runner {
  workspace: string;
  temp: string;
  summary: string;
  npxLog: string;
  env: Record<string, string>;
}

/**
 * A runner for a pull request event (#7 of acme/prompts, base branch main) in `workspace`. `npx --yes
 * llmcost@V …` runs this checkout's built CLI (a shim first on PATH, logging its arguments), never the registry.
 */
export function fakeRunner(
  dir: string,
  workspace: string,
  apiUrl: string,
  event: object = pullRequest(),
): Runner {
  const temp = join(dir, "runner-temp");
  const bin = join(dir, "bin");
  mkdirSync(temp);
  mkdirSync(bin);
  const npxLog = join(dir, "npx.log");
  writeFileSync(npxLog, "");
  writeFileSync(
    join(bin, "npx"),
    [
      "#!/bin/sh",
      `printf '%s\\n' "$*" >> "${npxLog}"`,
      `[ "$1" = --yes ] || { echo "npx shim: expected --yes" >&2; exit 127; }`,
      `case "$2" in llmcost@*) ;; *) echo "npx shim: only llmcost here" >&2; exit 127;; esac`,
      "shift 2",
      `exec "${process.execPath}" "${BIN}" "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "npx"), 0o755);
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(event));
  const summary = join(dir, "summary.md");
  writeFileSync(summary, "## An earlier step\n");
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: process.env.HOME ?? dir,
    ...(process.env.TMPDIR === undefined ? {} : { TMPDIR: process.env.TMPDIR }),
    // The run's table cache (test/table-cache-setup.ts), never the developer's ~/.cache.
    ...(process.env.XDG_CACHE_HOME === undefined ? {} : { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME }),
    LLMCOST_TODAY: TODAY,
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: "acme/prompts",
    GITHUB_API_URL: apiUrl,
    GITHUB_EVENT_NAME: "event_name" in event ? String(event.event_name) : "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_BASE_REF: "main",
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: temp,
  };
  return { workspace, temp, summary, npxLog, env };
}

/** A pull_request event's payload, as much of it as the action reads. */
export function pullRequest(head = "acme/prompts") {
  return { number: 7, pull_request: { number: 7, head: { repo: { full_name: head } } } };
}

/**
 * Runs action.yml's steps with these inputs, as the runner would (see the file's comment). `from` starts
 * at a later step, with `given` as the outputs of the steps before it (a comment without running llmcost).
 */
export async function runAction(
  runner: Runner,
  inputs: Record<string, string>,
  { from, given = {} }: { from?: string; given?: Record<string, Record<string, string>> } = {},
): Promise<ActionRun> {
  for (const name of Object.keys(inputs))
    if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const github: Record<string, string> = { token: "fake-token", action_path: ROOT };
  const stepOutputs: Record<string, Record<string, string>> = { ...given };
  const evaluate = (expression: string): string => {
    const inputName = /^inputs\.([\w-]+)$/.exec(expression)?.[1];
    if (inputName !== undefined) return inputs[inputName] ?? fill(action.inputs[inputName]?.default ?? "");
    const stepOutput = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (stepOutput) return stepOutputs[stepOutput[1] ?? ""]?.[stepOutput[2] ?? ""] ?? "";
    const context = /^github\.(\w+)$/.exec(expression)?.[1];
    if (context !== undefined && context in github) return github[context] ?? "";
    throw new Error(`the fake runner cannot evaluate \${{ ${expression} }}`);
  };
  const fill = (text: string) => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => evaluate(e));

  const steps: StepRun[] = [];
  let failed: string | undefined;
  const start = from === undefined ? 0 : action.runs.steps.findIndex((step) => step.id === from);
  if (start < 0) throw new Error(`action.yml has no step ${from}`);
  for (const step of action.runs.steps.slice(start)) {
    if (step.if !== undefined) throw new Error(`the fake runner does not evaluate if: (${step.id})`);
    const output = join(runner.temp, `output-${step.id}`);
    writeFileSync(output, "");
    const env: Record<string, string> = { ...runner.env, GITHUB_OUTPUT: output };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = fill(value);
    const run = await bash(step.run, runner.workspace, env);
    steps.push({ id: step.id, ...run });
    stepOutputs[step.id] = parseOutputFile(readFileSync(output, "utf8"));
    if (run.code !== 0) {
      failed = step.id;
      break;
    }
  }
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(action.outputs)) outputs[name] = fill(output.value);
  const log = steps.map((step) => step.stdout + step.stderr).join("");
  return { steps, outputs, log, ...(failed === undefined ? {} : { failed }) };
}

function bash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<Omit<StepRun, "id">>((resolve, reject) => {
    const child = spawn("bash", ["-e", "-c", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string };
}

/**
 * GitHub's issue-comment endpoints for acme/prompts, in memory: list (paged), create, update. Every
 * request is recorded; `failWith` makes every request answer that status with GitHub's error shape.
 */
export async function fakeCommentApi(seed: FakeComment[] = []) {
  const comments = [...seed];
  const requests: { method: string; path: string; body?: string }[] = [];
  const state = { failWith: 0, nextId: 1000, comments, requests };
  const reply = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", path: url.pathname, ...(text ? { body: text } : {}) });
      if (state.failWith)
        return reply(res, state.failWith, { message: "Resource not accessible by integration" });
      if (req.headers.authorization !== "Bearer fake-token")
        return reply(res, 401, { message: "Bad credentials" });
      if (req.method === "GET" && url.pathname === "/repos/acme/prompts/issues/7/comments") {
        const perPage = Number(url.searchParams.get("per_page") ?? 30);
        const page = Number(url.searchParams.get("page") ?? 1);
        return reply(res, 200, comments.slice((page - 1) * perPage, page * perPage));
      }
      if (req.method === "POST" && url.pathname === "/repos/acme/prompts/issues/7/comments") {
        const id = state.nextId++;
        const comment = {
          id,
          body: (JSON.parse(text) as { body: string }).body,
          html_url: `https://github.com/acme/prompts/pull/7#issuecomment-${id}`,
          user: { login: "github-actions[bot]" },
        };
        comments.push(comment);
        return reply(res, 201, comment);
      }
      const edit = /^\/repos\/acme\/prompts\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const comment = comments.find((c) => c.id === Number(edit?.[1]));
      if (req.method === "PATCH" && comment) {
        comment.body = (JSON.parse(text) as { body: string }).body;
        return reply(res, 200, comment);
      }
      return reply(res, 404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, state, close };
}

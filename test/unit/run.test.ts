import { PassThrough, Readable, Writable } from "node:stream";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { commanderMessage, run } from "../../src/cli/run.js";
import { withoutRetiring } from "../e2e/cli.js";

function fakeIO(argv: string[], input = "", stdoutWrite?: Writable["write"]) {
  let stdout = "";
  let stderr = "";
  const out = new Writable({
    write(chunk, _encoding, done) {
      stdout += chunk;
      done();
    },
  });
  if (stdoutWrite) out.write = stdoutWrite;
  const err = new Writable({
    write(chunk, _encoding, done) {
      stderr += chunk;
      done();
    },
  });
  const stdin = Object.assign(Readable.from([Buffer.from(input)]), { isTTY: false });
  return {
    io: { argv, stdin, stdout: out, stderr: err, env: { LLMCOST_TODAY: "2026-11-27" } },
    output: () => ({ stdout, stderr: withoutRetiring(stderr) }),
  };
}

describe("run", () => {
  it("returns 0 and writes the report, without touching the process", async () => {
    const { io, output } = fakeIO(["estimate", "-m", "gpt-4o", "-f", "json"], "TechCrunch");
    expect(await run(io)).toBe(0);
    expect(JSON.parse(output().stdout).results[0].inputTokens).toBe(2);
    expect(output().stderr).toBe("");
  });

  it("a terminal on stdin with no path is a usage error, read nothing", async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const { io, output } = fakeIO(["estimate"]);
    expect(await run({ ...io, stdin })).toBe(64);
    expect(output().stderr).toMatch(/^llmcost: estimate: no input/);
  });

  it("an unexpected failure is 70 with the stack and a request to report it", async () => {
    const { io, output } = fakeIO(["estimate", "-m", "gpt-4o"], "x", () => {
      throw new TypeError("boom");
    });
    expect(await run(io)).toBe(70);
    expect(output().stderr).toMatch(/^llmcost: internal error: TypeError: boom\n\s+at /);
    expect(output().stderr).toContain("please report it");
  });

  it("a reader that went away ends quietly with 0", async () => {
    const { io, output } = fakeIO(["estimate", "-m", "gpt-4o"], "x", function (
      this: Writable,
      _chunk,
      callback,
    ) {
      const error = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
      (typeof callback === "function" ? callback : () => {})(error);
      return false;
    } as Writable["write"]);
    expect(await run(io)).toBe(0);
    expect(output().stderr).toBe("");
  });
});

describe("commanderMessage", () => {
  const message = (text: string) => commanderMessage(new CommanderError(1, "x", text));
  it.each([
    [
      "error: unknown option '--max-cots'\n(Did you mean --max-cost?)",
      "--max-cots: unknown option (did you mean --max-cost?)",
    ],
    ["error: unknown command 'estimat'", "estimat: unknown command"],
    [
      "error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv.",
      '--format: "xml" is invalid; expected one of table, json, csv.',
    ],
    ["error: option '--output-tokens <n>' argument missing", "--output-tokens: a value is required"],
    ["error: too many arguments", "usage: too many arguments"],
  ])("%j", (input, expected) => expect(message(input)).toBe(expected));
});

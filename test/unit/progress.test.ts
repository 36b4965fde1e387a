import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { plannedBytes, progressLine } from "../../src/count/progress.js";
import { tempDir } from "../temp-dir.js";

const terminal = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
};

describe("progress line", () => {
  it("shows on a terminal after a second, redraws in place, and clears itself", () => {
    let time = 0;
    const stderr = terminal(true);
    const progress = progressLine(stderr as never, true, () => time);
    progress.read("a.txt", 500_000);
    expect(stderr.written).toEqual([]);
    time = 1500;
    progress.read("b.txt", 2_500_000);
    expect(stderr.written).toEqual(["\r\u001b[2Kllmcost: 3.0 MB read, 2 inputs, 2.0 MB/s — b.txt"]);
    time = 1600;
    progress.read("b.txt", 1);
    expect(stderr.written).toHaveLength(1);
    progress.done();
    expect(stderr.written.at(-1)).toBe("\r\u001b[2K");
  });

  it("fits the terminal's width, one column short: the input's name loses its start first", () => {
    const deep = `${"very-long-directory-name/".repeat(6)}prompt.txt`;
    for (const columns of [40, 50, 80, 120, undefined]) {
      let time = 0;
      const stderr = { ...terminal(true), columns };
      const progress = progressLine(stderr as never, true, () => time);
      progress.expect?.(4_000_000);
      time = 1500;
      progress.read(deep, 1_000_000);
      const line = (stderr.written.at(-1) ?? "").replace("\r\u001b[2K", "");
      expect(line.length, `${columns}: ${line}`).toBeLessThan(columns ?? 80);
      expect(line).toMatch(
        (columns ?? 80) >= 50 ? /^llmcost: 25% · 1\.0 MB of 4\.0 MB · ~5 s left/ : /^llmcost: 25% · /,
      );
      if ((columns ?? 80) >= 80) expect(line).toMatch(/ — …[^ ]*prompt\.txt$/);
    }
    // A short name is shown whole.
    const stderr = { ...terminal(true), columns: 80 };
    let time = 0;
    const progress = progressLine(stderr as never, true, () => time);
    time = 1500;
    progress.read("a.txt", 1_000_000);
    expect(stderr.written.at(-1)).toMatch(/ — a\.txt$/);
  });

  it("never shows in a pipe or with --quiet", () => {
    let time = 0;
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const stderr = terminal(isTTY);
      const progress = progressLine(stderr as never, enabled, () => time);
      time = 5000;
      progress.read("a.txt", 1e9);
      progress.done();
      expect(stderr.written).toEqual([]);
    }
  });
});

describe("progress line with a known total", () => {
  it("shows the percentage, bytes of the total and time left, from the clock given", () => {
    let time = 0;
    const stderr = terminal(true);
    const progress = progressLine(stderr as never, true, () => time);
    progress.expect?.(290_000_000);
    time = 2000;
    progress.read("big.txt", 116_000_000);
    // 40% in 2 s: 3 s more for the other 60%.
    expect(stderr.written).toEqual(["\r\u001b[2Kllmcost: 40% · 116.0 MB of 290.0 MB · ~3 s left — big.txt"]);
    time = 100_000;
    progress.read("big.txt", 1_000_000);
    expect(stderr.written.at(-1)).toBe(
      "\r\u001b[2Kllmcost: 40% · 117.0 MB of 290.0 MB · ~2 min left — big.txt",
    );
    time = 10_000_000;
    progress.read("big.txt", 1_000_000);
    expect(stderr.written.at(-1)).toMatch(/ · ~4\.0 h left — big\.txt$/);
  });

  it("adds up the amounts planned (diff's two sides), and never says 100% before the end", () => {
    let time = 0;
    const stderr = terminal(true);
    const progress = progressLine(stderr as never, true, () => time);
    progress.expect?.(1_000_000);
    progress.expect?.(3_000_000);
    time = 1500;
    progress.read("a.txt", 3_999_999);
    expect(stderr.written.at(-1)).toBe("\r\u001b[2Kllmcost: 99% · 4.0 MB of 4.0 MB · ~1 s left — a.txt");
  });

  it("is as before when stdin is read, or when more is read than planned (a pipe named as a file)", () => {
    for (const plan of [[undefined], [2_000_000, undefined], [1_000]]) {
      let time = 0;
      const stderr = terminal(true);
      const progress = progressLine(stderr as never, true, () => time);
      for (const amount of plan) progress.expect?.(amount);
      time = 1500;
      progress.read("-", 3_000_000);
      expect(stderr.written).toEqual(["\r\u001b[2Kllmcost: 3.0 MB read, 1 input, 2.0 MB/s — -"]);
    }
  });

  it("plans the sizes of files, and nothing when stdin is one of the inputs", () => {
    const file = (size: number) => ({ kind: "file", size });
    expect(plannedBytes([file(10), file(32)])).toBe(42);
    expect(plannedBytes([])).toBe(0);
    expect(plannedBytes([file(10), { kind: "stdin", size: 0 }])).toBeUndefined();
  });
});

describe("estimate's progress line, in process", () => {
  it("shows a percentage of the files' sizes on a terminal, through the io's clock, then clears it", async () => {
    const dir = tempDir();
    const paths = ["a", "b", "c"].map((name) => {
      const path = join(dir, `${name}.txt`);
      writeFileSync(path, `${"word ".repeat(200_000)}`);
      return path;
    });
    const { run } = await import("../../src/cli/run.js");
    let written = "";
    const stderr = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          written += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 400 },
    );
    // Each look at the clock is 0.7 s after the last: the line is drawn from the second input on.
    let time = -700;
    const code = await run({
      argv: ["estimate", "-m", "gpt-6-luna", ...paths],
      stdin: new PassThrough(),
      stdinKind: "pipe",
      stdout: new Writable({ write: (_chunk, _encoding, done) => done() }),
      stderr,
      env: { LLMCOST_TODAY: "2026-11-27" },
      now: () => (time += 700),
    });
    expect(code).toBe(0);
    const lines = written.split("\r\u001b[2K").filter((line) => line.startsWith("llmcost: "));
    expect(lines.length).toBeGreaterThan(1);
    const percents = lines.map((line) => {
      const shown = /^llmcost: (\d+)% · [\d.]+ [kM]B of 3\.0 MB · ~\d+ (s|min) left — (.*)$/.exec(line);
      expect(shown, line).not.toBeNull();
      expect(paths).toContain(shown?.[3]);
      return Number(shown?.[1]);
    });
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBeGreaterThanOrEqual(50);
    expect(written.endsWith("\r\u001b[2K")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { progressLine } from "../../src/count/progress.js";

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

import { describe, expect, it } from "vitest";
import { describeResult } from "../../src/tokenizers/module-bridge.js";
import { moduleFault, registerModule, runModuleCode } from "../../src/tokenizers/module-faults.js";

const URL_A = "file:///tmp/llmcost-unit/a.mjs";

describe("a tokenizer module's faults", () => {
  registerModule(URL_A, "/tmp/llmcost-unit/a.mjs");

  it("an error whose stack runs through a module's file is that module's, named by its path; others are not", () => {
    const error = new Error("boom\nsecond line");
    error.stack = `Error: boom\n    at count (${URL_A}:1:30)\n    at node:internal/x:1:1`;
    expect(moduleFault(error)).toMatchObject({
      kind: "data",
      subject: "/tmp/llmcost-unit/a.mjs",
      reason: "boom",
    });
    const ours = new Error("ours");
    expect(moduleFault(ours)).toBeUndefined();
    // A file whose name only starts like the module's is not it.
    ours.stack = `Error: ours\n    at f (${URL_A}x:1:1)`;
    expect(moduleFault(ours)).toBeUndefined();
    expect(moduleFault("a string")).toBeUndefined();
  });

  it("a promise created while module code ran is the module's, whatever it is rejected with", async () => {
    let dropped: Promise<unknown> | undefined;
    runModuleCode(URL_A, () => {
      dropped = Promise.reject("no stack");
      dropped.catch(() => {});
    });
    expect(moduleFault("no stack", dropped)).toMatchObject({
      subject: "/tmp/llmcost-unit/a.mjs",
      reason: "no stack",
    });
    const outside = Promise.reject("no stack");
    outside.catch(() => {});
    expect(moduleFault("no stack", outside)).toBeUndefined();
  });

  it("process.exit in module code throws instead, is reported even if caught, and is put back after", () => {
    const exit = process.exit;
    expect(() => runModuleCode(URL_A, () => process.exit(0))).toThrow("called process.exit(0)");
    expect(() =>
      runModuleCode(URL_A, () => {
        try {
          process.exit(3);
        } catch {}
        return 2;
      }),
    ).toThrow("called process.exit(3)");
    expect(process.exit).toBe(exit);
    // Nested calls put Node's back only when the outermost ends.
    runModuleCode(URL_A, () => {
      runModuleCode(URL_A, () => 1);
      expect(process.exit).not.toBe(exit);
    });
    expect(process.exit).toBe(exit);
    expect(runModuleCode(URL_A, () => 7)).toBe(7);
  });

  it("a list of ids is described by its length only when every element is an id", () => {
    expect(describeResult([0, 1, 2])).toEqual({ listLength: 3 });
    expect(describeResult(new Uint32Array(4))).toEqual({ listLength: 4 });
    expect(describeResult([1, -2, 3.5])).toEqual({ badId: { index: 1, what: "-2" } });
    expect(describeResult(["a"])).toEqual({ badId: { index: 0, what: 'a string ("a")' } });
    expect(describeResult([1, undefined])).toEqual({ badId: { index: 1, what: "undefined" } });
    const holed = [1, 2];
    delete holed[1];
    expect(describeResult(holed)).toEqual({ badId: { index: 1, what: "a hole" } });
    expect(describeResult([{}])).toEqual({ badId: { index: 0, what: "an object" } });
    expect(describeResult([-1n])).toEqual({ badId: { index: 0, what: "-1n" } });
    expect(describeResult(new Int8Array([1, -1]))).toEqual({ badId: { index: 1, what: "-1" } });
    // A million ids are checked in one pass, quickly.
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(describeResult(big)).toEqual({ listLength: 1_000_000 });
  });
});

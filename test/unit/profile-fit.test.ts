import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  calibrationOf,
  kindOf,
  PROFILE_VERSION,
  parseProfile,
  scaleFor,
} from "../../src/core/calibration-profile.js";
import { cutChunks, sampleChunks, utf8Length } from "../../src/core/calibration-sample.js";
import { fitProfile, MIN_KIND_SAMPLES, type Sample } from "../../src/core/profile-fit.js";
import { retryAfter } from "../../src/io/count-client.js";

describe("kindOf", () => {
  it.each([
    ["docs/guide.md", "prose"],
    ["a/B.TXT", "prose"],
    ["src/x.ts", "code"],
    ["data/rows.jsonl", "json"],
    ["Makefile", "other"],
    [".env", "other"],
    ["notes.csv", "other"],
    ["<stdin>", undefined],
    ["input-2", undefined],
  ])("%s → %s", (source, kind) => expect(kindOf(source)).toBe(kind));
});

describe("cutChunks", () => {
  it("cuts at line ends into pieces of at most the limit, losing only white-space pieces", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 300 }), { maxLength: 40 }),
        fc.integer({ min: 16, max: 600 }),
        (lines, max) => {
          const text = lines.join("\n");
          const pieces = cutChunks(text, max);
          for (const piece of pieces) {
            expect(utf8Length(piece)).toBeLessThanOrEqual(max);
            expect(piece.trim()).not.toBe("");
          }
          const kept = pieces.join("");
          // What was dropped was white space only; the order is kept.
          expect(kept.replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
        },
      ),
    );
  });

  it("keeps whole lines together, and cuts a long line after a space", () => {
    expect(cutChunks("one\ntwo\nthree\n", 8)).toEqual(["one\ntwo\n", "three\n"]);
    expect(cutChunks(`${"word ".repeat(10)}\n`, 16)).toEqual([
      "word word word ",
      "word word word ",
      "word word word ",
      "word \n",
    ]);
    expect(cutChunks("東京".repeat(10), 9)).toEqual([
      "東京東",
      "京東京",
      "東京東",
      "京東京",
      "東京東",
      "京東京",
      "東京",
    ]);
  });
});

describe("sampleChunks", () => {
  const lines = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix} ${i} ${"x".repeat(90)}`).join("\n");

  it("takes kinds in turn, then files in turn, then a file's start, end and middle", () => {
    const inputs = [
      { source: "a.md", text: lines("a", 50) },
      { source: "b.md", text: lines("b", 50) },
      { source: "c.ts", text: lines("c", 50) },
    ];
    const picked = sampleChunks(inputs, 6, 1000);
    expect(picked.map((chunk) => chunk.source)).toEqual(["a.md", "c.ts", "b.md", "c.ts", "a.md", "c.ts"]);
    expect(picked.map((chunk) => chunk.kind)).toEqual(["prose", "code", "prose", "code", "prose", "code"]);
    const fromC = picked.filter((chunk) => chunk.source === "c.ts").map((chunk) => chunk.text.split(" ")[1]);
    expect(fromC).toEqual(["0", "40", "20"]);
    expect(picked.every((chunk) => chunk.bytes <= 1000)).toBe(true);
  });

  it("stops when the text runs out, and skips empty inputs", () => {
    const picked = sampleChunks(
      [
        { source: "a.md", text: "short" },
        { source: "b.json", text: "  \n" },
      ],
      50,
    );
    expect(picked).toEqual([{ source: "a.md", kind: "prose", text: "short", bytes: 5 }]);
  });
});

describe("fitProfile", () => {
  const sample = (source: string, estimate: number, vendor: number, kind: Sample["kind"] = "prose") => ({
    source,
    kind,
    estimate,
    vendor,
  });

  it("a vendor that counts exactly 1.25 × the estimate: scale 1.25, no error after, 25% before", () => {
    const samples = Array.from({ length: 10 }, (_, i) =>
      sample(`f${i % 3}.md`, 400 + i * 8, (400 + i * 8) * 1.25),
    );
    const fit = fitProfile(samples);
    expect(fit).toMatchObject({
      scale: 1.25,
      scales: { prose: 1.25 },
      method: "leave-one-file-out",
      used: 10,
    });
    expect(fit?.before.overall).toEqual({ samples: 10, mean: 0.2, worst: 0.2 });
    expect(fit?.after.overall).toEqual({ samples: 10, mean: 0, worst: 0 });
  });

  it("the error after is held out: a file unlike the others is scored with the others' scale", () => {
    const samples = [sample("a.md", 100, 110), sample("a.md", 100, 110), sample("b.md", 100, 130)];
    const fit = fitProfile(samples);
    // a.md is predicted with b's 1.3 (18.2% off), b.md with a's 1.1 (15.4% off).
    expect(fit?.after.overall.worst).toBeCloseTo(0.1818, 4);
    expect(fit?.after.byKind.prose?.mean).toBeCloseTo((0.1818 * 2 + 0.1538) / 3, 3);
    expect(fitProfile([sample("one.md", 100, 120), sample("one.md", 50, 60)])?.method).toBe("leave-one-out");
    expect(fitProfile([sample("one.md", 100, 120)])?.method).toBe("in-sample");
  });

  it("a kind gets its own scale from MIN_KIND_SAMPLES samples; fewer take the overall one", () => {
    const prose = Array.from({ length: MIN_KIND_SAMPLES }, (_, i) => sample(`p${i}.md`, 100, 110));
    const code = Array.from({ length: MIN_KIND_SAMPLES - 1 }, (_, i) => sample(`c${i}.ts`, 100, 150, "code"));
    const fit = fitProfile([...prose, ...code]);
    expect(fit?.scales).toEqual({ prose: 1.1 });
    expect(fit?.scale).toBeCloseTo((8 * 110 + 7 * 150) / 1500, 5);
  });

  it("samples without a count on both sides are left out; none left is no fit", () => {
    expect(fitProfile([sample("a.md", 0, 5), sample("a.md", 5, 0)])).toBeUndefined();
    expect(fitProfile([sample("a.md", 0, 5), sample("b.md", 10, 12)])?.used).toBe(1);
  });
});

describe("parseProfile", () => {
  const valid = {
    version: PROFILE_VERSION,
    tokenizer: "claude-3",
    model: "claude-sonnet-4-6",
    provider: "anthropic",
    created: "2026-12-06",
    samples: 50,
    bytes: 180_000,
    framing: 7,
    scale: 1.08,
    scales: { prose: 1.05, code: 1.2 },
    estimatorProbe: 80,
    error: {
      method: "leave-one-file-out",
      before: { overall: { samples: 50, mean: 0.08, worst: 0.2 }, byKind: {} },
      after: {
        overall: { samples: 50, mean: 0.02, worst: 0.06 },
        byKind: { prose: { samples: 30, mean: 0.01, worst: 0.03 } },
      },
    },
  };

  it("accepts a valid profile, and applies each kind's scale and band", () => {
    const profile = parseProfile(valid, "claude-3");
    if ("invalid" in profile) throw new Error(profile.invalid);
    const calibration = calibrationOf(profile, "/p.json");
    expect([
      scaleFor(calibration, "a.md"),
      scaleFor(calibration, "a.ts"),
      scaleFor(calibration, "<stdin>"),
    ]).toEqual([1.05, 1.2, 1.08]);
    expect(calibration.band).toMatchObject({ low: 0.9433, high: 1.0639 });
    expect(calibration.bands.prose).toMatchObject({ low: 0.9708, high: 1.031 });
    expect(calibration.ref).toEqual({
      profile: "/p.json",
      created: "2026-12-06",
      samples: 50,
      model: "claude-sonnet-4-6",
    });
  });

  it("keeps the estimator's band when the profile's error was not held out or rests on few samples", () => {
    const parsed = (changes: object) => {
      const profile = parseProfile({ ...valid, ...changes }, "claude-3");
      if ("invalid" in profile) throw new Error(profile.invalid);
      return calibrationOf(profile, "/p.json");
    };
    const perfect = {
      overall: { samples: 1, mean: 0, worst: 0 },
      byKind: { prose: { samples: 1, mean: 0, worst: 0 } },
    };
    const inSample = parsed({ samples: 1, error: { ...valid.error, method: "in-sample", after: perfect } });
    expect([inSample.band, inSample.bands.prose]).toEqual([undefined, undefined]);
    expect(parsed({ samples: 5 }).band).toBeUndefined();
    // A held-out worst error of 0 still claims no more than ±2%.
    const exactOnTwenty = parsed({ samples: 20, error: { ...valid.error, after: perfect } });
    expect(exactOnTwenty.band).toMatchObject({ low: 0.9803, high: 1.0205 });
    expect(exactOnTwenty.band?.against).toMatch(/^20 samples of your text, held out/);
  });

  it.each([
    ["not a JSON object", [], "not a JSON object"],
    ["version: expected 1", { ...valid, version: 2 }, "version: expected 1"],
    ['tokenizer: expected "claude-3"', { ...valid, tokenizer: "gemini" }, 'tokenizer: expected "claude-3"'],
    ["created: expected a date", { ...valid, created: "2026-02-30" }, "created: expected a date"],
    ["samples: expected at least 1", { ...valid, samples: 0 }, "samples: expected at least 1"],
    [
      "framing: expected a whole number ≥ 0",
      { ...valid, framing: 1.5 },
      "framing: expected a whole number ≥ 0",
    ],
    [
      "scale: expected a number from 0.2 to 5",
      { ...valid, scale: Number.NaN },
      "scale: expected a number from 0.2 to 5",
    ],
    [
      "scale: expected a number from 0.2 to 5",
      { ...valid, scale: 0.1 },
      "scale: expected a number from 0.2 to 5",
    ],
    [
      "scale: expected a number from 0.2 to 5",
      { ...valid, scale: "1.1" },
      "scale: expected a number from 0.2 to 5",
    ],
    [
      "scales.prose: expected a number from 0.2 to 5",
      { ...valid, scales: { prose: 9 } },
      "scales.prose: expected a number from 0.2 to 5",
    ],
    [
      "scales.poetry: expected one of prose, code, json, other",
      { ...valid, scales: { poetry: 1 } },
      "scales.poetry: expected one of prose, code, json, other",
    ],
    ["error: expected an object", { ...valid, error: null }, "error: expected an object"],
    [
      "error.after.overall.mean: expected a number ≥ 0",
      { ...valid, error: { ...valid.error, after: {} } },
      "error.after.overall.mean: expected a number ≥ 0",
    ],
  ])("refuses: %s", (_, value, reason) => {
    expect(parseProfile(value, "claude-3")).toEqual({ invalid: expect.stringContaining(reason) });
  });
});

describe("retryAfter", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  it.each([
    ["3", 3000],
    ["0.5", 500],
    ["Fri, 27 Nov 2026 12:00:07 GMT", 7000],
    ["Fri, 27 Nov 2026 11:00:00 GMT", 0],
    ["soon", undefined],
    [null, undefined],
  ])("%s → %s ms", (header, ms) => expect(retryAfter(header, now)).toBe(ms));
});

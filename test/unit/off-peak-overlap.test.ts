import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { windowCovers } from "../../src/pricing/off-peak.js";
import { parseProviderFile } from "../../src/pricing/validate.js";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** The first minute of the week (Sunday 00:00 first) two windows share, walking every minute. */
function firstShared(windows: { start: string; end: string; days?: string[] }[]): string | undefined {
  for (let day = 0; day < 7; day++)
    for (let minute = 0; minute < 1440; minute++)
      if (windows.filter((w) => windowCovers(w as never, day, minute)).length > 1)
        return `${DAYS[day]} ${clock(minute)}`;
  return undefined;
}

const file = (offPeak: object[]) =>
  JSON.stringify({
    provider: "acme",
    name: "Acme",
    models: [
      {
        id: "acme-1",
        name: "Acme 1",
        kind: "chat",
        tokenizer: "words",
        contextWindow: 100,
        maxOutputTokens: 10,
        prices: [
          {
            from: "2024-01-01",
            input: 2,
            output: 8,
            offPeak,
            source: "https://example.com",
            checked: "2024-01-01",
          },
        ],
      },
    ],
  });

describe("off-peak windows", () => {
  it("are refused exactly when they share a minute, naming the first one shared (as walking every minute finds it)", () => {
    const window = fc.record(
      {
        start: fc.integer({ min: 0, max: 1439 }).map(clock),
        end: fc.integer({ min: 0, max: 1440 }).map(clock),
        days: fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 1, maxLength: 7 }),
      },
      { requiredKeys: ["start", "end"] },
    );
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 3 }), (windows) => {
        fc.pre(windows.every((w) => w.start !== w.end));
        const shared = firstShared(windows);
        const parse = () =>
          parseProviderFile(file(windows.map((w) => ({ ...w, input: 1, output: 4 }))), "acme.json");
        if (shared === undefined) expect(parse).not.toThrow();
        else expect(parse).toThrow(`windows overlap (${shared} UTC falls in two)`);
      }),
      { numRuns: 150 },
    );
  });
});

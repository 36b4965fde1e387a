/**
 * How a tokenizer counts a long run of one repeated character: past `FROM` characters, `period` more
 * characters add `tokens` more tokens. Every engine llmcost runs merges (or splits) a run the same way
 * all along its middle — merges of equal rank go leftmost first, so the run is tiled from its start
 * with one repeating pattern — and the text around the run changes only the tiles near its two ends.
 * So removing `period` characters from the middle of a long run removes exactly `tokens` tokens.
 */
export interface RunPeriod {
  readonly period: number;
  readonly tokens: number;
}

/** Runs are measured from this many characters on: well past any token's length (o200k's longest: 128 bytes). */
export const FROM = 256;
/** The longest period looked for; a run whose count repeats more slowly is not folded (only slower). */
export const MAX_PERIOD = 128;

/** Text put before and after a run to check its period holds there too. */
const CONTEXTS = [
  ["x", " y"],
  [" ", "\n"],
  ["0", "."],
  ["的", "Z"],
] as const;

/**
 * The period of `count` on runs of `unit` (one code point), measured with the engine itself: the
 * counts of FROM to FROM + 2·MAX_PERIOD characters, the shortest period that holds over all of them,
 * then checked again on runs 4× and 16× as long, and with a few texts around the run. Undefined when none holds (the run is then kept).
 */
export function measureRunPeriod(count: (text: string) => number, unit: string): RunPeriod | undefined {
  const counts: number[] = [];
  for (let n = FROM; n <= FROM + 2 * MAX_PERIOD; n++) counts.push(count(unit.repeat(n)));
  for (let period = 1; period <= MAX_PERIOD; period++) {
    const tokens = (counts[period] as number) - (counts[0] as number);
    let holds = true;
    for (let i = 0; i + period < counts.length && holds; i++)
      holds = (counts[i + period] as number) - (counts[i] as number) === tokens;
    if (!holds) continue;
    // Far from where it was measured, the same rule must still give the engine's own count.
    for (const far of [4 * FROM, 16 * FROM]) {
      for (const offset of [0, Math.floor(period / 2), period - 1]) {
        const n = far + offset;
        const steps = Math.floor((n - FROM) / period);
        const expected = (counts[n - FROM - steps * period] as number) + steps * tokens;
        if (count(unit.repeat(n)) !== expected) return undefined;
      }
    }
    // And with other text on either side, which changes only the tiles at the run's ends.
    for (const [before, after] of CONTEXTS) {
      const around = (n: number) => count(before + unit.repeat(n) + after);
      for (const n of [FROM, FROM + Math.floor(period / 2) + 1])
        if (around(n + period) !== around(n) + tokens) return undefined;
    }
    return { period, tokens };
  }
  return undefined;
}

import { displayWidth, headOf, tailOf } from "./fit-text.js";

const ELLIPSIS = "…";
// A release date or version stamp at the end of an id: -2024-08-06, -20241022, @20250514, -2512.
const DATE_SUFFIX = /[-_@.](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;

/** `id` without its date suffix followed by "…" ("gpt-4o-mini…"); undefined when it has none. */
export function undatedId(id: string): string | undefined {
  const undated = id.replace(DATE_SUFFIX, "");
  return undated === id ? undefined : `${undated}${ELLIPSIS}`;
}

/** `id` as its first columns, "…", and its last `tail` columns, in `width` columns in all. */
function elided(id: string, width: number, tail: number): string {
  const head = headOf(id, Math.max(0, width - 1 - tail));
  return `${head}${ELLIPSIS}${tailOf(id, width - 1 - displayWidth(head))}`;
}

/**
 * The ways to write `id` in at most `width` columns, the most readable first: whole; without its
 * date suffix ("claude-3-5-sonnet…"); its start and end around "…" (the start longer, as ids differ
 * there first); then with less or more of the end kept, for ids that differ there.
 */
function shortenings(id: string, width: number): string[] {
  if (displayWidth(id) <= width) return [id];
  const ways: string[] = [];
  const undated = id.replace(DATE_SUFFIX, "");
  if (undated !== id && displayWidth(undated) + 1 <= width) ways.push(`${undated}${ELLIPSIS}`);
  const room = Math.max(0, width - 1);
  for (const tail of [Math.floor(room / 3), Math.min(4, room), Math.floor(room / 2), Math.max(0, room - 4)])
    ways.push(elided(id, width, tail));
  return [...new Set(ways)];
}

/** One id in at most `width` columns, as it reads alone (see shortenings). */
export const shortenId = (id: string, width: number): string => shortenings(id, width)[0] ?? id;

/**
 * A column's ids each in at most `width` columns less its row's `suffixes` (a tag after the id), told
 * apart: where two read the same, both take their next way of being shortened, until none do.
 * `distinct` is false when that cannot be done.
 */
export function shortenIds(
  ids: readonly string[],
  width: number,
  suffixes: readonly number[] = [],
): { ids: string[]; distinct: boolean } {
  const room = new Map<string, number>();
  ids.forEach((id, i) => {
    room.set(id, Math.min(room.get(id) ?? width, Math.max(1, width - (suffixes[i] ?? 0))));
  });
  const unique = [...room.keys()];
  const ways = new Map(unique.map((id) => [id, shortenings(id, room.get(id) ?? width)]));
  const pick = new Map(unique.map((id) => [id, 0]));
  const shown = (id: string) => ways.get(id)?.[pick.get(id) ?? 0] ?? id;
  let distinct = false;
  for (let round = 0; round <= 5; round++) {
    const readers = new Map<string, string[]>();
    for (const id of unique) readers.set(shown(id), [...(readers.get(shown(id)) ?? []), id]);
    const clashes = [...readers.values()].filter((group) => group.length > 1).flat();
    distinct = clashes.length === 0;
    if (distinct) break;
    let moved = false;
    for (const id of clashes) {
      const next = (pick.get(id) ?? 0) + 1;
      if (next < (ways.get(id)?.length ?? 0)) {
        pick.set(id, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return { ids: ids.map(shown), distinct };
}

/**
 * The narrowest column (not under `floor`) in which every id, with its row's suffix, is still told
 * apart once shortened; the widest row's width when none is narrower.
 */
export function narrowestDistinctWidth(
  ids: readonly string[],
  floor = 12,
  suffixes: readonly number[] = [],
): number {
  const widest = Math.max(0, ...ids.map((id, i) => displayWidth(id) + (suffixes[i] ?? 0)));
  for (let width = Math.min(floor, widest); width < widest; width++)
    if (shortenIds(ids, width, suffixes).distinct) return width;
  return widest;
}

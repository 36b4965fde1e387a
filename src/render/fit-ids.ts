import { displayWidth, headOf, tailOf } from "./fit-text.js";

const ELLIPSIS = "…";
// A release date or version stamp at the end of an id: -2024-08-06, -20241022, @20250514, -2512.
const DATE_SUFFIX = /[-_@.](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;

/**
 * A model id in at most `width` columns: whole if it fits; else without its date suffix
 * ("claude-3-5-sonnet…"); else its start and end around "…", the start longer as ids differ
 * there first ("claude-son…5-5").
 */
export function shortenId(id: string, width: number): string {
  if (displayWidth(id) <= width) return id;
  const undated = id.replace(DATE_SUFFIX, "");
  if (undated !== id && displayWidth(undated) + 1 <= width) return `${undated}${ELLIPSIS}`;
  const room = Math.max(0, width - 1);
  const tail = Math.floor(room / 3);
  const head = headOf(id, room - tail);
  return `${head}${ELLIPSIS}${tailOf(id, width - 1 - displayWidth(head))}`;
}

/** Whether `ids` shortened to `width` still tell every id apart. */
function distinctAt(ids: readonly string[], width: number): boolean {
  const seen = new Map<string, string>();
  for (const id of ids) {
    const short = shortenId(id, width);
    const other = seen.get(short);
    if (other !== undefined && other !== id) return false;
    seen.set(short, id);
  }
  return true;
}

/**
 * The narrowest width (not under `floor`) at which every id of a column is still told apart once
 * shortened; the widest id's width when none is narrower.
 */
export function narrowestDistinctWidth(ids: readonly string[], floor = 12): number {
  const widest = Math.max(0, ...ids.map(displayWidth));
  for (let width = Math.min(floor, widest); width < widest; width++) if (distinctAt(ids, width)) return width;
  return widest;
}

import { type OffPeakWindow, WEEKDAYS, type Weekday } from "./types.js";

/** Minutes since midnight of "HH:MM" ("24:00" → 1440). */
export function minutesOf(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** "HH:MM" of minutes since midnight. */
export const clockOf = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/**
 * Whether a window covers `minute` (since midnight UTC) of weekday `day` (0 = Sunday). A window that runs
 * past midnight covers the early minutes of the day after one it starts on; `days` names start days.
 */
export function windowCovers(
  window: Pick<OffPeakWindow, "start" | "end" | "days">,
  day: number,
  minute: number,
): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const startsOn = (d: number) =>
    window.days === undefined || window.days.includes(WEEKDAYS[(d + 7) % 7] as Weekday);
  if (start < end) return startsOn(day) && minute >= start && minute < end;
  return (startsOn(day) && minute >= start) || (startsOn(day - 1) && minute < end);
}

/** The window in force at `minute` of the day on `date` (YYYY-MM-DD, UTC), if any. */
export function windowAt(
  windows: readonly OffPeakWindow[] | undefined,
  date: string,
  minute: number,
): OffPeakWindow | undefined {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return windows?.find((window) => windowCovers(window, day, minute));
}

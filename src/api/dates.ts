// Dates as the CoWIN dialects write them (`dd-mm-yyyy`), shared by v1 and API Setu v2.
import { isIsoDate, wallClock } from '../core/shared/time.js';

/** `dd-mm-yyyy` (also `d-m-yyyy`) → `yyyy-mm-dd`, or null if it is not a real date. */
export function parseDdMmYyyy(s: string): string | null {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** `yyyy-mm-dd` → `dd-mm-yyyy`. */
export function toDdMmYyyy(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** The zone whose calendar day is the earliest on Earth: a day before its today is past everywhere. */
const EARLIEST_ZONE = 'Etc/GMT+12';

/**
 * Is `date` (YYYY-MM-DD), the day a request browses or books, already over? In `timeZone` when
 * the request's place is known; otherwise only when it is over everywhere, so that no caller is
 * refused its own today. Returns the today to suggest (UTC's when no zone is known: never past
 * anywhere), or null when the date is fine.
 */
export function pastDate(date: string, now: Date, timeZone?: string): { today: string } | null {
  const earliest = wallClock(now, timeZone ?? EARLIEST_ZONE).date;
  if (date >= earliest) return null;
  return { today: timeZone ? earliest : now.toISOString().slice(0, 10) };
}

/** The one wording of a date in the past: `date 2026-01-01 is in the past; use today (2026-11-29) or later`. */
export function pastDateMessage(name: string, date: string, today: string, show: (iso: string) => string = (d) => d) {
  return `${name} ${show(date)} is in the past; use today (${show(today)}) or later`;
}

/** CoWIN's dates are India's calendar days. */
export const COWIN_ZONE = 'Asia/Kolkata';

/** The past-date message of a CoWIN `dd-mm-yyyy` date (given as yyyy-mm-dd), or null when it is today or later. */
export function pastCowinDate(name: string, iso: string, now: Date): string | null {
  const past = pastDate(iso, now, COWIN_ZONE);
  return past && pastDateMessage(name, iso, past.today, toDdMmYyyy);
}

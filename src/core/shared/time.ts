// Time helpers for the domain. Instants are ISO-8601 UTC strings; local wall-clock times
// belong to a place's or practitioner's IANA time zone.

/**
 * An instant as stored (ISO-8601 UTC, exactly `toISOString`, a quarter of its cost): the store's
 * formatter, here for the API, which may not import the store itself.
 */
export { iso } from '../../store/dialect.js';

/** The app's clock unless a test gives it another (`app.now`); known by identity, so a caller can use Date.now instead. */
export const systemNow = (): Date => new Date();

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

/** The UTC offset in minutes of `timeZone` at instant `at` (e.g. +330 for Asia/Kolkata). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Creating a formatter is expensive (tens of microseconds): keep one per zone.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Is `timeZone` an IANA time zone this runtime knows? */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/**
 * Offsets change only at quarter-hour boundaries in every zone (DST and the odd :30/:45
 * zones), so one Intl call per zone and quarter hour serves every instant inside it.
 */
export function offsetMinutes(timeZone: string, at: Date): number {
  const bucket = Math.floor(at.getTime() / QUARTER_HOUR);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = computeOffset(timeZone, new Date(bucket * QUARTER_HOUR));
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function computeOffset(timeZone: string, at: Date): number {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant at which the wall clock in `timeZone` shows `date` (YYYY-MM-DD) `time` (HH:MM). */
const instants = new Map<string, number>();
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const key = `${date} ${time} ${timeZone}`;
  const hit = instants.get(key);
  if (hit !== undefined) return new Date(hit);
  const at = computeZonedInstant(date, time, timeZone);
  if (instants.size > 50_000) instants.clear();
  instants.set(key, at.getTime());
  return at;
}

function computeZonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMinutes(timeZone, new Date(guess)) * 60_000;
  // Second pass settles instants near a DST change.
  return new Date(guess - offsetMinutes(timeZone, new Date(first)) * 60_000);
}

/** The calendar date (YYYY-MM-DD) and time (HH:MM) that `instant` shows in `timeZone`. */
type Clock = Readonly<{ date: string; time: string }>;
/** Per zone: the answer of each instant string (slot instants repeat across every place and request). */
const clocks = new Map<string, Map<string, Clock>>();
let clocksKept = 0;
/** Per zone: the answer of the last UTC minute asked as a Date (requests ask "now" over and over). */
const minutes = new Map<string, { minute: number; answer: Clock }>();

export function wallClock(instant: Date | string, timeZone: string): Clock {
  if (typeof instant !== 'string') {
    // The wall clock's minute changes only with the UTC minute (offsets change on quarter hours).
    const minute = Math.floor(instant.getTime() / 60_000);
    const last = minutes.get(timeZone);
    if (last !== undefined && last.minute === minute) return last.answer;
    const answer = computeWallClock(instant, timeZone);
    minutes.set(timeZone, { minute, answer });
    return answer;
  }
  let byInstant = clocks.get(timeZone);
  if (byInstant === undefined) {
    byInstant = new Map();
    clocks.set(timeZone, byInstant);
  }
  const hit = byInstant.get(instant);
  if (hit !== undefined) return hit;
  const answer = computeWallClock(new Date(instant), timeZone);
  if (clocksKept >= 100_000) {
    for (const m of clocks.values()) m.clear();
    clocksKept = 0;
  }
  byInstant.set(instant, answer);
  clocksKept++;
  return answer;
}

/** The answer of {@link wallClock}, frozen so that the one kept object is handed out as is. */
function computeWallClock(at: Date, timeZone: string): Clock {
  const local = new Date(at.getTime() + offsetMinutes(timeZone, at) * 60_000);
  const s = local.toISOString();
  return Object.freeze({ date: s.slice(0, 10), time: s.slice(11, 16) });
}

/** The UTC interval [start, end) of a local calendar day in `timeZone` (kept: days repeat across requests). */
const days = new Map<string, Readonly<{ from: string; to: string }>>();
export function dayBounds(date: string, timeZone: string): Readonly<{ from: string; to: string }> {
  const key = `${date} ${timeZone}`;
  const hit = days.get(key);
  if (hit) return hit;
  const from = zonedInstant(date, '00:00', timeZone);
  const next = new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + 1));
  const to = zonedInstant(next.toISOString().slice(0, 10), '00:00', timeZone);
  const answer = Object.freeze({ from: from.toISOString(), to: to.toISOString() });
  if (days.size > 50_000) days.clear();
  days.set(key, answer);
  return answer;
}

/** Add `n` calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Every date input is bounded: birth dates from 1900, schedules (sessions, slots, time off)
 * from 2000, nothing past 2100. A year like 0128 or 8371 is a typo or a probe, never data.
 */
export const MIN_YEAR = 1900;
export const MIN_SCHEDULE_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Whether an instant or a YYYY-MM-DD date lies in the years min..max (inclusive). */
export function inYears(d: Date | string, min = MIN_YEAR, max = MAX_YEAR): boolean {
  const year = typeof d === 'string' ? Number(d.slice(0, 4)) : d.getUTCFullYear();
  return year >= min && year <= max;
}

const realDates = new Set<string>();
/** Is `s` a real calendar date in YYYY-MM-DD form (in MIN_YEAR..MAX_YEAR)? */
export function isIsoDate(s: string): boolean {
  // Requests name the same few dates again and again: remember the real ones.
  if (realDates.has(s)) return true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || !inYears(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  const real = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  if (real) {
    if (realDates.size >= 20_000) realDates.clear();
    realDates.add(s);
  }
  return real;
}

/** Age in whole months on `on` for someone born on `birthDate` (both YYYY-MM-DD). */
export function ageInMonths(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  let months = (y - by) * 12 + (m - bm);
  if (d < bd) months -= 1;
  return months;
}

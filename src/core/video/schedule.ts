// A doctor's weekly working hours and time off: the inputs of slot generation (./generate.ts).
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { DomainError } from '../shared/errors.js';
import { opaqueId } from '../shared/ids.js';
import { inYears, MAX_YEAR, MIN_SCHEDULE_YEAR } from '../shared/time.js';

export interface WorkingHours {
  weekday: number;
  start: string;
  end: string;
}
export interface TimeOff {
  time_off_id: string;
  starts_at: string;
  ends_at: string;
  reason: string | null;
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Check a week of working hours: valid times, start before end, no overlap within a day. */
export function validateWorkingHours(hours: WorkingHours[]): WorkingHours[] {
  hours.forEach((h, i) => {
    if (!Number.isInteger(h.weekday) || h.weekday < 0 || h.weekday > 6)
      throw new DomainError('invalid', `hours[${i}].weekday must be 0 (Sunday) to 6 (Saturday)`, {
        field: `hours[${i}].weekday`,
      });
    for (const k of ['start', 'end'] as const) {
      if (!HHMM.test(h[k]))
        throw new DomainError('invalid', `hours[${i}].${k} must be a time HH:MM (00:00 to 24:00), got "${h[k]}"`, {
          field: `hours[${i}].${k}`,
        });
    }
    if (h.start === '24:00' || h.end <= h.start)
      throw new DomainError('invalid', `hours[${i}]: end ${h.end} must be after start ${h.start} on the same day`, {
        field: `hours[${i}]`,
      });
  });
  const sorted = [...hours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (a.weekday === b.weekday && b.start < a.end) {
      throw new DomainError(
        'invalid',
        `working hours overlap on ${WEEKDAYS[a.weekday]}: ${a.start}-${a.end} and ${b.start}-${b.end}`,
        { field: 'hours' },
      );
    }
  }
  return sorted;
}

export async function workingHours(db: Conn, practitionerId: number): Promise<WorkingHours[]> {
  const rows = await db
    .selectFrom('video_working_hours')
    .select(['weekday', 'start_time', 'end_time'])
    .where('practitioner_id', '=', practitionerId)
    .orderBy('weekday')
    .orderBy('start_time')
    .execute();
  return rows.map((r) => ({ weekday: r.weekday, start: r.start_time, end: r.end_time }));
}

/** Replace the doctor's whole week (the caller regenerates slots in the same transaction). */
export async function replaceWorkingHours(
  db: Conn,
  practitionerId: number,
  hours: WorkingHours[],
): Promise<WorkingHours[]> {
  const week = validateWorkingHours(hours);
  await db.deleteFrom('video_working_hours').where('practitioner_id', '=', practitionerId).execute();
  if (week.length) {
    const at = iso();
    await db
      .insertInto('video_working_hours')
      .values(
        week.map((h) => ({
          practitioner_id: practitionerId,
          weekday: h.weekday,
          start_time: h.start,
          end_time: h.end,
          created_at: at,
        })),
      )
      .execute();
  }
  return week;
}

/** Time off that ends after `from` (all of it when `from` is omitted), earliest first. */
export async function timeOff(db: Conn, practitionerId: number, from?: string): Promise<TimeOff[]> {
  let q = db
    .selectFrom('video_time_off')
    .select(['code', 'starts_at', 'ends_at', 'reason'])
    .where('practitioner_id', '=', practitionerId);
  if (from) q = q.where('ends_at', '>', from);
  const rows = await q.orderBy('starts_at').execute();
  return rows.map((r) => ({ time_off_id: r.code, starts_at: r.starts_at, ends_at: r.ends_at, reason: r.reason }));
}

export async function addTimeOff(
  db: Conn,
  practitionerId: number,
  t: { starts_at: string; ends_at: string; reason?: string | null },
): Promise<TimeOff> {
  const starts = new Date(t.starts_at);
  const ends = new Date(t.ends_at);
  if (Number.isNaN(starts.getTime()))
    throw new DomainError(
      'invalid',
      'starts_at must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T09:00:00+03:00',
      { field: 'starts_at' },
    );
  if (Number.isNaN(ends.getTime()))
    throw new DomainError(
      'invalid',
      'ends_at must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T17:00:00+03:00',
      { field: 'ends_at' },
    );
  for (const [field, d] of [
    ['starts_at', starts],
    ['ends_at', ends],
  ] as const) {
    if (!inYears(d, MIN_SCHEDULE_YEAR, MAX_YEAR))
      throw new DomainError(
        'invalid',
        `${field} must be between ${MIN_SCHEDULE_YEAR} and ${MAX_YEAR}, got ${d.toISOString()}`,
        {
          field,
        },
      );
  }
  if (ends <= starts) throw new DomainError('invalid', 'ends_at must be after starts_at', { field: 'ends_at' });
  const row = await db
    .insertInto('video_time_off')
    .values({
      code: opaqueId('off'),
      practitioner_id: practitionerId,
      starts_at: iso(starts),
      ends_at: iso(ends),
      reason: t.reason ?? null,
      created_at: iso(),
    })
    .returning(['code', 'starts_at', 'ends_at', 'reason'])
    .executeTakeFirstOrThrow();
  return { time_off_id: row.code, starts_at: row.starts_at, ends_at: row.ends_at, reason: row.reason };
}

/** Remove one time-off period; false when the doctor has none with that id. */
export async function removeTimeOff(db: Conn, practitionerId: number, code: string): Promise<boolean> {
  const res = await db
    .deleteFrom('video_time_off')
    .where('practitioner_id', '=', practitionerId)
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

// A doctor's free, bookable slots: the earliest of each doctor (for listings) and a local
// day's (for /slots), read through the cached days of slots of ../scheduling/cached-day-slots.ts.
import { sql } from 'kysely';
import { iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { listSlots, type SlotAvailability } from '../scheduling/availability.js';
import { daySlots, keptDaySlots } from '../scheduling/cached-day-slots.js';
import { freeSeatsSql } from '../scheduling/seats.js';
import { addMinutes, dayBounds } from '../shared/time.js';
import type { Doctor } from './doctors.js';

/** When a listing is read (`now`), the booking lead time, and how many days ahead it looks. */
export interface Window {
  now: Date;
  leadMinutes: number;
  days: number;
}

/** Bookable from: now plus the lead time. */
export function bookableFrom(w: Pick<Window, 'now' | 'leadMinutes'>): string {
  return iso(addMinutes(w.now, w.leadMinutes));
}

export interface NextSlot {
  id: number;
  start_at: string;
  end_at: string;
}

/** Each doctor's earliest free, bookable slot within the window. */
export async function nextFreeSlots(db: Conn, doctorIds: number[], w: Window): Promise<Map<number, NextSlot>> {
  const out = new Map<number, NextSlot>();
  if (doctorIds.length === 0) return out;
  const free = freeSeatsSql(iso(w.now));
  const firsts = await db
    .selectFrom('slots')
    .select(['practitioner_id'])
    .select(sql<string>`min(start_at)`.as('first'))
    .where('practitioner_id', 'in', doctorIds)
    .where('start_at', '>', bookableFrom(w))
    .where('start_at', '<', iso(addMinutes(w.now, w.days * 24 * 60)))
    .where(free, '>=', 1)
    .groupBy('practitioner_id')
    .execute();
  if (firsts.length === 0) return out;
  const rows = await db
    .selectFrom('slots')
    .select(['id', 'practitioner_id', 'start_at', 'end_at'])
    .where(
      'practitioner_id',
      'in',
      firsts.map((f) => f.practitioner_id!),
    )
    .where(
      'start_at',
      'in',
      firsts.map((f) => f.first),
    )
    .execute();
  const wanted = new Map(firsts.map((f) => [f.practitioner_id!, f.first]));
  for (const r of rows)
    if (wanted.get(r.practitioner_id!) === r.start_at)
      out.set(r.practitioner_id!, { id: r.id, start_at: r.start_at, end_at: r.end_at });
  return out;
}

/** A doctor's free, bookable slots on a local calendar day (YYYY-MM-DD in the doctor's time zone). */
export async function freeSlotsOn(
  db: Conn,
  doctor: Pick<Doctor, 'id' | 'timezone'> & { place_id?: number | null },
  date: string,
  w: Pick<Window, 'now' | 'leadMinutes'>,
): Promise<readonly SlotAvailability[]> {
  const { from, to } = dayBounds(date, doctor.timezone);
  const after = bookableFrom(w);
  if (doctor.place_id === undefined || doctor.place_id === null) {
    // Not cached (no place guards it): a fresh list each time.
    const slots = await listSlots(db, {
      practitionerId: doctor.id,
      from: from > after ? from : after,
      to,
      minFree: 1,
      now: w.now,
    });
    return slots.filter((s) => s.start_at > after);
  }
  if (to <= after) return NONE;
  // The whole local day is cached per doctor (../scheduling/cached-day-slots.ts); the lead
  // time and free seats are applied to it for this `now`.
  const day = await daySlots(db, { placeId: doctor.place_id, practitionerId: doctor.id, from, to }, w.now);
  return bookable(day, after);
}

/**
 * What {@link freeSlotsOn} would answer now from the cached day of slots, or undefined when it
 * would have to read (no I/O).
 */
export function keptFreeSlotsOn(
  db: Conn,
  doctor: Pick<Doctor, 'id' | 'timezone' | 'place_id'>,
  date: string,
  w: Pick<Window, 'now' | 'leadMinutes'>,
): readonly SlotAvailability[] | undefined {
  if (doctor.place_id === null) return undefined;
  const { from, to } = dayBounds(date, doctor.timezone);
  const after = bookableFrom(w);
  if (to <= after) return NONE;
  const day = keptDaySlots(db, { placeId: doctor.place_id, practitionerId: doctor.id, from, to }, w.now);
  return day && bookable(day, after);
}

const NONE: readonly SlotAvailability[] = Object.freeze([]);

/** The last bookable list of each cached day (a day's entry never changes; a new read is a new array). */
const bookableOf = new WeakMap<readonly SlotAvailability[], readonly SlotAvailability[]>();

/**
 * The slots of `day` starting after `after` with a free seat. The same list while that set
 * is the same: the free seats of a cached day are fixed, so as `after` moves on, the set
 * only loses its earliest slots, and a list of the same length is the same list. A caller
 * may keep what it built from one (../../api/video-consultation/catalogue.ts keeps its text).
 */
function bookable(day: readonly SlotAvailability[], after: string): readonly SlotAvailability[] {
  const slots = day.filter((s) => s.start_at > after && s.available >= 1);
  const last = bookableOf.get(day);
  if (last && last.length === slots.length) return last;
  bookableOf.set(day, slots);
  return slots;
}

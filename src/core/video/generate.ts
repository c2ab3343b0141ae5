// Slot generation: a doctor's working hours, minus time off, cut into one-patient slots of
// the doctor's consultation length, for the coming days in the doctor's time zone.
//
// Idempotent: running it again never duplicates a slot (the database has a unique index on
// (practitioner_id, start_at)) and never drops or shortens a slot that holds a booking. Free
// slots that no longer fit the hours are deleted, or closed (capacity 0) when old bookings
// still refer to them. Past slots are never touched.
import { sql } from 'kysely';
import { changed, iso } from '../../store/dialect.js';
import type { Conn } from '../../store/index.js';
import { DomainError } from '../shared/errors.js';
import { catalogueChanged } from '../scheduling/changes.js';
import { addDays, wallClock, zonedInstant } from '../shared/time.js';
import { timeOff, workingHours, type TimeOff, type WorkingHours } from './schedule.js';

export interface PlannedSlot {
  start_at: string;
  end_at: string;
}

export interface PlanInput {
  timezone: string;
  slotMinutes: number;
  hours: WorkingHours[];
  timeOff: Pick<TimeOff, 'starts_at' | 'ends_at'>[];
  days: number;
  now: Date;
}

/** The slots the doctor's schedule asks for, from now to the end of the `days`-th local day. */
export function planSlots(p: PlanInput): PlannedSlot[] {
  const out: PlannedSlot[] = [];
  const now = iso(p.now);
  const today = wallClock(p.now, p.timezone).date;
  const step = p.slotMinutes * 60_000;
  for (let d = 0; d < p.days; d++) {
    const date = addDays(today, d);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    for (const h of p.hours) {
      if (h.weekday !== weekday) continue;
      const end = zonedInstant(date, h.end, p.timezone).getTime();
      for (let t = zonedInstant(date, h.start, p.timezone).getTime(); t + step <= end; t += step) {
        const s = { start_at: iso(new Date(t)), end_at: iso(new Date(t + step)) };
        if (s.start_at < now) continue;
        if (p.timeOff.some((o) => s.start_at < o.ends_at && o.starts_at < s.end_at)) continue;
        out.push(s);
      }
    }
  }
  return out;
}

export interface GenerateResult {
  created: number;
  /** Free slots deleted or closed because they no longer fit the schedule. */
  removed: number;
  /** Booked slots kept although they no longer fit the schedule (time off over a booking). */
  kept_booked: number;
}

/**
 * Bring a doctor's future slots in line with the schedule, inside the caller's transaction.
 * An inactive doctor keeps only booked slots.
 */
export async function generateSlots(
  trx: Conn,
  practitionerId: number,
  opts: { days: number; now?: Date },
): Promise<GenerateResult> {
  const now = opts.now ?? new Date();
  // Take the doctor's row lock first (a no-op update), so regenerations of one doctor queue
  // on PostgreSQL; SQLite write transactions hold the database lock already.
  await trx
    .updateTable('practitioners')
    .set({ slot_minutes: sql`slot_minutes` })
    .where('id', '=', practitionerId)
    .execute();
  const doc = await trx
    .selectFrom('practitioners')
    .select(['id', 'place_id', 'offering_id', 'timezone', 'slot_minutes', 'active'])
    .where('id', '=', practitionerId)
    .executeTakeFirst();
  if (!doc) throw new DomainError('not_found', `doctor ${practitionerId} does not exist`);
  if (doc.place_id === null) throw new DomainError('invalid', 'the doctor has no clinic to hold slots');
  // Slots (and, through the admin routes that regenerate, the doctor's own fields) change:
  // read caches keyed on the catalogue version start over once this commits.
  catalogueChanged(trx);
  const from = iso(now);
  const plan =
    doc.active === 1
      ? planSlots({
          timezone: doc.timezone,
          slotMinutes: doc.slot_minutes,
          hours: await workingHours(trx, doc.id),
          timeOff: await timeOff(trx, doc.id, from),
          days: opts.days,
          now,
        })
      : [];
  const wanted = new Map(plan.map((s) => [s.start_at, s]));

  const existing = await trx
    .selectFrom('slots')
    .select(['slots.id', 'slots.start_at', 'slots.end_at', 'slots.capacity', 'slots.booked'])
    .select(
      sql<number>`(case when exists (select 1 from bookings b where b.slot_id = slots.id) then 1 else 0 end)`.as(
        'used',
      ),
    )
    .where('slots.practitioner_id', '=', doc.id)
    .where('slots.start_at', '>=', from)
    .execute();

  const result: GenerateResult = { created: 0, removed: 0, kept_booked: 0 };
  const busy: PlannedSlot[] = [];
  for (const e of existing) {
    const w = wanted.get(e.start_at);
    if (w && w.end_at === e.end_at) {
      if (e.capacity < 1) await trx.updateTable('slots').set({ capacity: 1 }).where('id', '=', e.id).execute();
      wanted.delete(e.start_at);
      continue;
    }
    if (e.booked === 0) {
      // Free: reshape it to the wanted length, or take it away. `booked = 0` is re-checked by
      // each statement, so a booking that lands meanwhile keeps its slot.
      const res = w
        ? await trx
            .updateTable('slots')
            .set({ end_at: w.end_at, capacity: 1 })
            .where('id', '=', e.id)
            .where('booked', '=', 0)
            .executeTakeFirst()
        : e.used
          ? await trx
              .updateTable('slots')
              .set({ capacity: 0 })
              .where('id', '=', e.id)
              .where('booked', '=', 0)
              .executeTakeFirst()
          : await trx.deleteFrom('slots').where('id', '=', e.id).where('booked', '=', 0).executeTakeFirst();
      if (changed(res) === 1) {
        if (w) wanted.delete(e.start_at);
        else if (e.capacity > 0) result.removed++;
        continue;
      }
    }
    busy.push(e);
    if (!w) result.kept_booked++;
    else wanted.delete(e.start_at);
  }

  const fresh = [...wanted.values()].filter((s) => !busy.some((b) => s.start_at < b.end_at && b.start_at < s.end_at));
  const at = iso(now);
  for (let i = 0; i < fresh.length; i += 500) {
    const res = await trx
      .insertInto('slots')
      .values(
        fresh.slice(i, i + 500).map((s) => ({
          place_id: doc.place_id!,
          offering_id: doc.offering_id,
          practitioner_id: doc.id,
          start_at: s.start_at,
          end_at: s.end_at,
          label: null,
          capacity: 1,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    result.created += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return result;
}

/** Regenerate every active doctor's slots (the rolling window moves on each day). */
export async function generateAll(
  run: <T>(fn: (trx: Conn) => Promise<T>) => Promise<T>,
  db: Conn,
  opts: { days: number; now?: Date },
): Promise<GenerateResult> {
  const doctors = await db
    .selectFrom('practitioners')
    .innerJoin('offerings', 'offerings.id', 'practitioners.offering_id')
    .select('practitioners.id')
    .where('offerings.kind', '=', 'speciality')
    .orderBy('practitioners.id')
    .execute();
  const total: GenerateResult = { created: 0, removed: 0, kept_booked: 0 };
  const now = opts.now ?? new Date(); // one instant for every doctor of this run
  for (const d of doctors) {
    const r = await run((trx) => generateSlots(trx, d.id, { days: opts.days, now }));
    total.created += r.created;
    total.removed += r.removed;
    total.kept_booked += r.kept_booked;
  }
  return total;
}

// PostgreSQL: a CoWIN appointment booked by ONE statement, outside any transaction.
//
// Each statement sent to PostgreSQL costs this client about 80–100 µs of CPU whatever it does
// (docs/performance.md, twenty-fourth pass). The transaction of ./appointments.ts takes four:
// BEGIN; the people locked; the session, their live appointments and the booking in one
// statement (./appointment-slot.ts); COMMIT. The lock must come first there: it is what makes
// the read of the people's live appointments see every booking of them committed before.
// Here one statement does all of it, each step from the rows of the one before:
//   who   the beneficiaries named, linked to the caller, not deleted (read, not locked);
//   s     the session of the centre and the people's live appointments (./appointment-slot.ts);
//   ok    a row only when every rule holds: the people of one mobile, none with a live
//         appointment, the session on the date asked for, not started, and of an age range
//         that suits each of them (the same rules as checkChosen and checkAges);
//   v     each person's `booking_version` raised, only where it still holds what `who` read;
//   t     the seats taken (../scheduling/seats.ts), only when `v` raised the version of every
//         person named (so every one was found, linked to the caller);
//   b     the appointment, written only when `t` took the seats; `bp` its people's links.
// `who` and `s` read the statement's snapshot: a booking of one of the people committed after
// it began is not in `s`. Every booking of a beneficiary raises its `booking_version` (this
// statement in `v`, the transaction when it locks them), so such a booking changed the row `v`
// updates: PostgreSQL waits for a booking still under way and rechecks `v`'s condition against
// the newest row, which no longer holds, and nothing is written.
//
// Whenever nothing was written (a rule refused, the seats were not free, a race, a deadlock
// between two bookings of the same people), the caller books in the transaction, which answers
// exactly as before: with the booking, or with the refusal's own words.
import { type QueryCreator, type SqlBool, sql, type UpdateQueryBuilder } from 'kysely';
import { isUniqueViolation } from '../../store/dialect.js';
import type { Store } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Booking, Database } from '../../store/schema.js';
import { newBookingRow } from '../scheduling/booking-rows.js';
import { seatsChanged } from '../scheduling/changes.js';
import { emitEvent } from '../scheduling/events.js';
import { takeSeatsQuery } from '../scheduling/seats.js';
import { sessionAndActiveQuery } from './appointment-slot.js';

type Row = Omit<Booking, 'id'>;
type Params = Omit<Row, 'owner_id'> & {
  owner: string | number;
  referenceIds: number[];
  /** How many people: the number of reference ids (each one's row must be found). */
  people: number;
  centreId: number;
  /** The session's local date (YYYY-MM-DD) the caller named. */
  date: string;
  /** Now, as stored (ISO 8601, UTC). */
  at: string;
};

// The booking's columns, in the table's order; the owner is the people's mobile, read by `who`.
const COLUMNS = [
  'code',
  'slot_id',
  'seats',
  'status',
  'channel',
  'owner_id',
  'partner_reference',
  'request_hash',
  'hold_expires_at',
  'amount_minor',
  'currency',
  'details',
  'created_at',
  'updated_at',
  'confirmed_at',
  'cancelled_at',
] as const satisfies readonly (keyof Row)[];

const statementBy = (column: 'mobile' | 'guest_id') =>
  prepared((db, p: Params, dialect) => {
    const year = sql<number>`substr(s.start_at, 1, 4)::integer`;
    // biome-ignore lint/suspicious/noExplicitAny: each WITH reads the ones before it by name
    const steps = (db as QueryCreator<any>)
      .with('who', (w) =>
        (w as QueryCreator<Database>)
          .selectFrom('beneficiaries')
          .select(['id', 'person_id', 'mobile', 'birth_year', 'booking_version'])
          .where(column, '=', p.owner as never)
          .where('reference_id', 'in', p.referenceIds)
          .where('deleted_at', 'is', null),
      )
      .with('s', (w) =>
        sessionAndActiveQuery(
          w,
          { slotId: p.slot_id, centreId: p.centreId, personIds: sql<number>`(select person_id from who)`, at: p.at },
          dialect,
        ),
      )
      .with('ok', (w) =>
        w
          .selectFrom('s')
          .select(sql`1`.as('one'))
          .where(sql<SqlBool>`(select count(distinct mobile) from who) = 1`)
          .where(sql<SqlBool>`not exists (select from s where s.active_person is not null)`)
          .where(sql<SqlBool>`s.start_at > ${p.at}`)
          .where(sql<SqlBool>`to_char(s.start_at::timestamptz at time zone s.timezone, 'YYYY-MM-DD') = ${p.date}`)
          .where(
            sql<SqlBool>`not exists (select from who where
              (s.min_age_months is not null and (${year} - who.birth_year) * 12 < s.min_age_months)
              or (s.max_age_months is not null and (${year} - who.birth_year) * 12 > s.max_age_months + 11))`,
          )
          .limit(sql.lit(1) as never),
      )
      .with('v', (w) =>
        (w as QueryCreator<Database & { who: { id: number; booking_version: number } }>)
          .updateTable('beneficiaries as x')
          .set({ booking_version: sql`x.booking_version + 1` })
          .from('who')
          .whereRef('x.id', '=', 'who.id')
          .whereRef('x.booking_version', '=', 'who.booking_version')
          .where('x.deleted_at', 'is', null)
          .where(sql<SqlBool>`exists (select from ok)`)
          .returning('x.id'),
      )
      .with('t', (w) =>
        (
          takeSeatsQuery(w, { slotId: p.slot_id, seats: p.seats }, dialect) as UpdateQueryBuilder<
            Database,
            'slots',
            'slots',
            { place_id: number }
          >
        ).where(sql<SqlBool>`(select count(*) from v) = ${p.people}`),
      )
      .with('b', (w) =>
        (w as QueryCreator<Database & { t: { place_id: number } }>)
          .insertInto('bookings')
          .columns([...COLUMNS])
          .expression((eb) =>
            eb
              .selectFrom('t')
              .select(
                COLUMNS.map((c) =>
                  c === 'owner_id' ? sql<string>`(select min(mobile) from who)`.as(c) : eb.val(p[c]).as(c),
                ),
              ),
          )
          .returningAll(),
      )
      .with('bp', (w) =>
        (w as QueryCreator<Database>)
          .insertInto('booking_people')
          .columns(['booking_id', 'person_id'])
          .expression(sql`select b.id, who.person_id from b cross join who`),
      );
    return steps.selectFrom('b').crossJoin('t').selectAll('b').selectAll('t');
  });
const byMobile = statementBy('mobile');
const byGuest = statementBy('guest_id');

/** Deadlock detected: two bookings of the same people locked them in different orders. */
const DEADLOCK = '40P01';

export interface InOneInput {
  mobile?: string;
  guestId?: number;
  referenceIds: number[];
  centreId: number;
  date: string;
  slotId: number;
  code: string;
  channel: string;
  now: Date;
}

/**
 * Book `input` as a confirmed appointment in one statement (PostgreSQL): the booking, or
 * undefined when nothing was written, for the caller to book in its transaction instead.
 */
export async function scheduleInOne(store: Store, input: InOneInput): Promise<Booking | undefined> {
  const { referenceIds, now } = input;
  const { owner_id: _, ...row } = newBookingRow(
    { slotId: input.slotId, status: 'confirmed', channel: input.channel, code: input.code },
    input.slotId,
    referenceIds.length,
    now,
  );
  const params: Params = {
    ...row,
    owner: input.mobile ?? input.guestId ?? Number.NaN,
    referenceIds,
    people: referenceIds.length,
    centreId: input.centreId,
    date: input.date,
    at: row.created_at,
  };
  let taken: (Booking & { place_id: number; notice_sent?: unknown }) | undefined;
  try {
    [taken] = (await (input.mobile !== undefined ? byMobile : byGuest)(store.db, params)).rows as (typeof taken)[];
  } catch (err) {
    if (isUniqueViolation(err) || (err as { code?: string }).code === DEADLOCK) return undefined;
    throw err;
  }
  if (!taken) return undefined;
  const { place_id, notice_sent: _n, ...booking } = taken;
  // The statement's seat update sent the place's change notice (../scheduling/seats.ts).
  seatsChanged(store.db, place_id, 'notice_sent' in taken);
  // As announceBooking: no event row for a mobile's booking (no webhook endpoint), its listeners told.
  await emitEvent(store.db, 'booking.confirmed', booking, now, { created: true });
  return booking;
}

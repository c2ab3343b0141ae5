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
import { type Compilable, type QueryCreator, type SqlBool, sql } from 'kysely';
import type { Store } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Booking, Database } from '../../store/schema.js';
import { newBookingRow, withBookingSteps, writtenInOne } from '../scheduling/booking-rows.js';
import { emitEvent } from '../scheduling/events.js';
import { sessionAndActiveQuery } from './appointment-slot.js';

type Params = Omit<Booking, 'id' | 'owner_id'> & {
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

const statementBy = (column: 'mobile' | 'guest_id') =>
  prepared((db, p: Params, dialect) => {
    const { owner, referenceIds, people, centreId, date, at, ...row } = p;
    const year = sql<number>`substr(s.start_at, 1, 4)::integer`;
    // biome-ignore lint/suspicious/noExplicitAny: each WITH reads the ones before it by name
    const steps = (db as QueryCreator<any>)
      .with('who', (w) =>
        (w as QueryCreator<Database>)
          .selectFrom('beneficiaries')
          .select(['id', 'person_id', 'mobile', 'birth_year', 'booking_version'])
          .where(column, '=', owner as never)
          .where('reference_id', 'in', referenceIds)
          .where('deleted_at', 'is', null),
      )
      .with('s', (w) =>
        sessionAndActiveQuery(
          w,
          { slotId: row.slot_id, centreId, personIds: sql<number>`(select person_id from who)`, at },
          dialect,
        ),
      )
      .with('ok', (w) =>
        w
          .selectFrom('s')
          .select(sql`1`.as('one'))
          .where(sql<SqlBool>`(select count(distinct mobile) from who) = 1`)
          .where(sql<SqlBool>`not exists (select from s where s.active_person is not null)`)
          .where(sql<SqlBool>`s.start_at > ${at}`)
          .where(sql<SqlBool>`to_char(s.start_at::timestamptz at time zone s.timezone, 'YYYY-MM-DD') = ${date}`)
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
      );
    // The seats (`t`), only when `v` raised every person's version; the appointment (`b`), its
    // owner the people's mobile; their links (`bp`) from `who` (../scheduling/booking-rows.ts).
    return withBookingSteps(
      steps,
      { ...row, owner_id: null, personIds: [] },
      dialect,
      sql<SqlBool>`(select count(*) from v) = ${people}`,
      { personIds: sql<number>`select person_id from who`, ownerId: sql<string>`(select min(mobile) from who)` },
    )
      .selectFrom('b')
      .crossJoin('t')
      .selectAll('b')
      .selectAll('t') as unknown as Compilable<Booking & { place_id: number; notice_sent?: unknown }>;
  });
const byMobile = statementBy('mobile');
const byGuest = statementBy('guest_id');

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
  const booking = await writtenInOne(store, () => (input.mobile !== undefined ? byMobile : byGuest)(store.db, params));
  if (!booking) return undefined;
  // As announceBooking: no event row for a mobile's booking (no webhook endpoint), its listeners told.
  await emitEvent(store.db, 'booking.confirmed', booking, now, { created: true });
  return booking;
}

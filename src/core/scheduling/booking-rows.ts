// The statements that write a new booking and find one by its partner reference, compiled
// once (store/prepared.ts): the hottest of a booking, kept apart from its lifecycle rules.
import { sql } from 'kysely';
import { chainsWrites } from '../../store/dialect.js';
import type { Conn, Tx } from '../../store/index.js';
import { dialectOf, prepared } from '../../store/prepared.js';
import type { Booking } from '../../store/schema.js';
import { seatsChanged } from './changes.js';
import { takeSeatsQuery } from './seats.js';

const byReference = prepared((db, p: { channel: string; ref: string; owner: string }) =>
  db
    .selectFrom('bookings')
    .selectAll()
    .where('channel', '=', p.channel)
    .where('partner_reference', '=', p.ref)
    .where('owner_id', '=', p.owner),
);
const byReferenceNoOwner = prepared((db, p: { channel: string; ref: string }) =>
  db
    .selectFrom('bookings')
    .selectAll()
    .where('channel', '=', p.channel)
    .where('partner_reference', '=', p.ref)
    .where('owner_id', 'is', null),
);
export const slotToBook = prepared((db, p: { id: number }) =>
  db.selectFrom('slots').select(['id', 'start_at', 'capacity']).where('id', '=', p.id),
);
/** Every column is a parameter: give all of them, always in this shape. */
const insertBooking = prepared((db, p: Omit<Booking, 'id'>) => db.insertInto('bookings').values(p).returningAll());
const insertBookingPeople = prepared((db, p: { bookingId: number; personIds: number[] }) =>
  db.insertInto('booking_people').values(p.personIds.map((person_id) => ({ booking_id: p.bookingId, person_id }))),
);
/** Both in one statement, where the database chains writes (store/dialect.ts `chainsWrites`). */
const insertBookingWithPeople = prepared((db, p: Omit<Booking, 'id'> & { personIds: number[] }) => {
  const { personIds, ...booking } = p;
  return db
    .with('b', (w) => w.insertInto('bookings').values(booking).returningAll())
    .with('bp', (w) =>
      w
        .insertInto('booking_people')
        .values(personIds.map((person_id) => ({ booking_id: sql<number>`(select id from b)`, person_id }))),
    )
    .selectFrom('b')
    .selectAll();
});

/**
 * PostgreSQL: take the seats and write the booking and its people's links in ONE statement
 * (data-modifying WITHs, each reading the rows the one before returned). The seats are taken
 * by `takeSeats`'s own conditional update (./seats.ts), which also sends the place's change
 * notice; the booking is written only if it took them. Each statement of a PostgreSQL
 * transaction is a round trip, about 80 µs of the client's CPU on this machine whatever it
 * does (docs/performance.md, issue 11's twentieth pass).
 */
const takeAndInsert = prepared((db, p: Omit<Booking, 'id'> & { personIds: number[] }, dialect) => {
  const { personIds, ...row } = p;
  const columns = Object.keys(row) as (keyof typeof row)[];
  const withBooking = db
    .with('t', (w) => takeSeatsQuery(w, { slotId: row.slot_id, seats: row.seats }, dialect))
    .with('b', (w) =>
      w
        .insertInto('bookings')
        .columns(columns)
        // Each value's type is the column's: PostgreSQL types the parameters of INSERT … SELECT by
        // the columns they go to.
        .expression((eb) => eb.selectFrom('t').select(columns.map((c) => eb.val(row[c]).as(c))))
        .returningAll(),
    );
  const links = sql.join(personIds.map((id) => sql`(${id}::integer)`));
  const all = personIds.length
    ? (withBooking.with('bp', (w) =>
        w
          .insertInto('booking_people')
          .columns(['booking_id', 'person_id'])
          .expression(sql`select b.id, x.person_id from b cross join (values ${links}) as x(person_id)`),
      ) as unknown as typeof withBooking)
    : withBooking;
  return all.selectFrom('b').crossJoin('t').selectAll('b').selectAll('t');
});

/**
 * Take `row.seats` of `row.slot_id` and write the booking and its people's links, in one
 * statement, where the database chains writes (PostgreSQL): the booking, or undefined when the
 * seats were not free (nothing written; the caller sweeps expired holds and tries again as
 * `takeSeats` does). Undefined too, with nothing run, where the database does not chain writes.
 */
export async function takeSeatsAndInsert(
  trx: Tx,
  row: Omit<Booking, 'id'>,
  personIds: number[] | undefined,
): Promise<Booking | undefined> {
  if (!chainsWrites(dialectOf(trx))) return undefined;
  const [taken] = (await takeAndInsert(trx, { ...row, personIds: personIds ?? [] })).rows;
  if (!taken) return undefined;
  // The booking's columns, and the update's (./seats.ts `takeSeatsQuery`): its place, and its notice.
  const { place_id, notice_sent: _, ...booking } = taken as Booking & { place_id: number; notice_sent?: unknown };
  seatsChanged(trx, place_id, 'notice_sent' in taken);
  return booking;
}

/** The booking row and its people's links: one statement where the database allows, else two. */
export async function insertBookingRows(
  trx: Tx,
  row: Omit<Booking, 'id'>,
  personIds: number[] | undefined,
): Promise<Booking> {
  if (personIds?.length && chainsWrites(dialectOf(trx)))
    return (await insertBookingWithPeople(trx, { ...row, personIds })).rows[0];
  const [booking] = (await insertBooking(trx, row)).rows;
  if (personIds?.length) await insertBookingPeople(trx, { bookingId: booking.id, personIds });
  return booking;
}

export async function findByReference(
  db: Conn,
  channel: string,
  ownerId: string | null,
  ref: string,
): Promise<Booking | undefined> {
  const { rows } =
    ownerId === null
      ? await byReferenceNoOwner(db, { channel, ref })
      : await byReference(db, { channel, ref, owner: ownerId });
  return rows[0];
}

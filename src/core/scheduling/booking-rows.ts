// The statements that write a new booking and find one by its partner reference, compiled
// once (store/prepared.ts): the hottest of a booking, kept apart from its lifecycle rules.
import { sql } from 'kysely';
import { chainsWrites } from '../../store/dialect.js';
import type { Conn, Tx } from '../../store/index.js';
import { dialectOf, prepared } from '../../store/prepared.js';
import type { Booking } from '../../store/schema.js';

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

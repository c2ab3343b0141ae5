// A new booking's row, the statements that write it and the one that finds it by its partner
// reference, compiled once (store/prepared.ts): the hottest of a booking, kept apart from its
// lifecycle rules.
import { hash } from 'node:crypto';
import {
  type Expression,
  type QueryCreator,
  type RawBuilder,
  type SqlBool,
  sql,
  type UpdateQueryBuilder,
} from 'kysely';
import { chainsWrites, type DialectName, isRetryable, isUniqueViolation, iso } from '../../store/dialect.js';
import type { Conn, Store, Tx } from '../../store/index.js';
import { dialectOf, prepared, preparedInsert } from '../../store/prepared.js';
import type { Booking, Database } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { timeOrderedId } from '../shared/ids.js';
import { addMinutes } from '../shared/time.js';
import type { BookInput } from './bookings.js';
import { seatsChanged } from './changes.js';
import { takeSeatsQuery } from './seats.js';

/** The hash of a partner's request, kept with its booking to detect a reused reference. */
export function requestHash(request: unknown): string {
  return hash('sha256', JSON.stringify(request ?? null), 'hex');
}

/** The row of a new booking of `seats` on `slotId` as `input` asks, made at `now`. */
export function newBookingRow(input: BookInput, slotId: number, seats: number, now: Date): Omit<Booking, 'id'> {
  const at = iso(now);
  return {
    code: input.code ?? timeOrderedId('bk'),
    slot_id: slotId,
    seats,
    status: input.status,
    channel: input.channel,
    owner_id: input.ownerId ?? null,
    partner_reference: input.partnerReference ?? null,
    request_hash: input.partnerReference ? requestHash(input.request) : null,
    hold_expires_at: input.status === 'held' ? iso(addMinutes(now, input.holdMinutes ?? 15)) : null,
    amount_minor: input.amountMinor ?? null,
    currency: input.currency ?? null,
    details: JSON.stringify(input.details ?? {}),
    created_at: at,
    updated_at: at,
    confirmed_at: input.status === 'confirmed' ? at : null,
    cancelled_at: null,
  };
}

/** The seats `input` asks for, refused unless a whole number of at least 1. */
export function seatsOf(input: BookInput): number {
  const seats = input.seats ?? Math.max(1, input.personIds?.length ?? 1);
  if (!Number.isInteger(seats) || seats < 1)
    throw new DomainError('invalid', 'seats must be a whole number of at least 1');
  return seats;
}

export const slotFull = (seats: number) =>
  new DomainError(
    'slot_full',
    `the slot does not have ${seats} free seat${seats > 1 ? 's' : ''}; choose another slot`,
    {
      field: 'slot_id',
    },
  );

/**
 * The row of the booking `input` asks for on `slot` (as {@link BookInput}'s `slot` describes
 * it), after the checks that need no statement: the slot has not started (or starts after
 * `notBefore`), and has as many seats as asked for at all.
 */
export function newBookingIn(
  input: BookInput,
  slot: { id: number; start_at: string; capacity?: number },
  seats: number,
  now: Date,
): Omit<Booking, 'id'> {
  const notBefore = input.notBefore ?? now;
  if (slot.start_at <= iso(notBefore)) {
    throw new DomainError(
      'slot_closed',
      slot.start_at <= iso(now)
        ? 'the slot has already started; choose a later slot'
        : `the slot starts too soon to be booked; choose one starting after ${iso(notBefore)}`,
      { field: 'slot_id' },
    );
  }
  if (slot.capacity !== undefined && seats > slot.capacity) throw slotFull(seats);
  return newBookingRow(input, slot.id, seats, now);
}

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
const insertBooking = preparedInsert('bookings');
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

/** A new booking's columns and its people, as the statement that writes it takes them. */
export type NewBooking = Omit<Booking, 'id'> & { personIds: number[] };

/**
 * Where the statement reads a booking's people itself (../cowin/appointment-in-one.ts): their
 * ids (a subquery of one `person_id` column) and the owner the booking takes from them.
 */
export interface PeopleRead {
  personIds: RawBuilder<number>;
  ownerId: RawBuilder<string | null>;
}

/**
 * PostgreSQL: the steps that take a booking's seats and write it and its people's links in ONE
 * statement, as WITHs added to `qc` (after any it already has), each reading the rows the one
 * before returned: `t`, the seats taken by `takeSeats`'s own conditional update (./seats.ts),
 * which also sends the place's change notice, and only `when` it holds, if given; `b`, the
 * booking, written only if `t` took the seats; `bp`, its people's links. Each statement of a
 * PostgreSQL transaction is a round trip, about 80 µs of the client's CPU on this machine
 * whatever it does (docs/performance.md, issue 11's twentieth pass). With `read`, the people's
 * links and the owner come from what the statement read instead of `p` (`p.personIds` and
 * `p.owner_id` are then not used).
 */
export function withBookingSteps(
  // biome-ignore lint/suspicious/noExplicitAny: the steps follow whatever WITHs `qc` already has
  qc: QueryCreator<any>,
  p: NewBooking,
  dialect: DialectName,
  when?: Expression<SqlBool>,
  read?: PeopleRead,
  // biome-ignore lint/suspicious/noExplicitAny: read by the caller's own SELECT (`b` and `t`)
): QueryCreator<any> {
  const { personIds, ...row } = p;
  const columns = Object.keys(row) as (keyof typeof row)[];
  const steps = (qc as QueryCreator<Database>)
    .with('t', (w) => {
      const take = takeSeatsQuery(w, { slotId: row.slot_id, seats: row.seats }, dialect) as UpdateQueryBuilder<
        Database,
        'slots',
        'slots',
        { place_id: number }
      >;
      return when ? take.where(when) : take;
    })
    .with('b', (w) =>
      w
        .insertInto('bookings')
        .columns(columns)
        // Each value's type is the column's: PostgreSQL types the parameters of INSERT … SELECT by
        // the columns they go to.
        .expression((eb) =>
          eb
            .selectFrom('t')
            .select(columns.map((c) => (read && c === 'owner_id' ? read.ownerId.as(c) : eb.val(row[c]).as(c)))),
        )
        .returningAll(),
    );
  if (read)
    return steps.with('bp', (w) =>
      w
        .insertInto('booking_people')
        .columns(['booking_id', 'person_id'])
        .expression(sql`select b.id, x.person_id from b cross join (${read.personIds}) as x(person_id)`),
    );
  if (!personIds.length) return steps;
  const links = sql.join(personIds.map((id) => sql`(${id}::integer)`));
  return steps.with('bp', (w) =>
    w
      .insertInto('booking_people')
      .columns(['booking_id', 'person_id'])
      .expression(sql`select b.id, x.person_id from b cross join (values ${links}) as x(person_id)`),
  );
}

/**
 * Run a one-statement booking on `store.db` (PostgreSQL, built with {@link withBookingSteps}):
 * the booking's row with `E`'s columns, its place's version bumped (its seats changed), or
 * undefined when it wrote nothing (the seats were not free, a rule refused), met a unique index
 * (a retry of a partner reference, a code drawn twice) or lost a deadlock (two bookings of the
 * same people): the transaction then answers.
 */
export async function writtenInOne<E extends object>(
  store: Store,
  run: () => Promise<{ rows: unknown[] }>,
): Promise<(Booking & E) | undefined> {
  let taken: (Booking & E & { place_id: number; notice_sent?: unknown }) | undefined;
  try {
    [taken] = (await run()).rows as (typeof taken)[];
  } catch (err) {
    if (isUniqueViolation(err) || isRetryable(err)) return undefined;
    throw err;
  }
  if (!taken) return undefined;
  const { place_id, notice_sent: _, ...written } = taken;
  seatsChanged(store.db, place_id, 'notice_sent' in taken);
  return written as unknown as Booking & E;
}

/** {@link withBookingSteps}, alone: the booking with the update's place (and notice) when it took the seats. */
const takeAndInsert = prepared((db, p: NewBooking, dialect) =>
  withBookingSteps(db, p, dialect).selectFrom('b').crossJoin('t').selectAll('b').selectAll('t'),
);

/**
 * PostgreSQL (a database that chains writes; the caller checks): take `row.seats` of
 * `row.slot_id` and write the booking and its people's links in one statement. The booking,
 * its place's version bumped once the transaction commits (the statement sent the place's
 * notice itself); or undefined when the seats were not free (nothing written; the caller
 * sweeps expired holds and tries again as `takeSeats` does).
 */
export async function takeSeatsAndInsert(
  trx: Tx,
  row: Omit<Booking, 'id'>,
  personIds: number[] | undefined,
): Promise<Booking | undefined> {
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
  const booking = await insertBooking(trx, row);
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

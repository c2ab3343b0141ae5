// The session a CoWIN appointment names (centre, local date, slot id), checked for booking:
// it exists at that centre on that date, has not started, and suits the beneficiaries' ages.
// On PostgreSQL the statement that reads it also writes the appointment, which a refusal of
// these checks rolls back with the transaction.
import { DomainError } from '../shared/errors.js';
import { wallClock } from '../shared/time.js';
import { type Compilable, type ExpressionBuilder, type QueryCreator, type RawBuilder, type SqlBool, sql } from 'kysely';
import { chainsWrites, type DialectName, iso, fixedLimit } from '../../store/dialect.js';
import type { Conn, Tx } from '../../store/index.js';
import { dialectOf, prepared } from '../../store/prepared.js';
import type { Beneficiary, Booking, Database } from '../../store/schema.js';
import { newBookingRow, type NewBooking, withBookingSteps } from '../scheduling/booking-rows.js';
import type { BookInput } from '../scheduling/bookings.js';
import { seatsChanged } from '../scheduling/changes.js';

export interface SlotChoice {
  centreId: number;
  date: string;
  slotId: number;
}

export interface ChosenSlot {
  id: number;
  place_id: number;
  start_at: string;
  end_at: string;
  capacity: number;
  min_age_months: number | null;
  max_age_months: number | null;
  vaccine: string | null;
}

function sessionQuery(db: QueryCreator<Database>, p: { slotId: number; centreId: number }) {
  return db
    .selectFrom('slots')
    .innerJoin('places', 'places.id', 'slots.place_id')
    .leftJoin('offerings', 'offerings.id', 'slots.offering_id')
    .select([
      'slots.id',
      'slots.place_id',
      'slots.start_at',
      'slots.end_at',
      'slots.capacity',
      'places.timezone',
      'offerings.min_age_months',
      'offerings.max_age_months',
      'offerings.name as vaccine',
    ])
    .where('slots.id', '=', p.slotId)
    .where('slots.place_id', '=', p.centreId)
    .where('places.kind', '=', 'vaccination_centre')
    .where('slots.practitioner_id', 'is', null);
}

/**
 * The people of a booking: their ids, or (PostgreSQL, ./appointment-in-one.ts) a subquery
 * that reads them in the same statement.
 */
export type PersonIds = number[] | RawBuilder<number>;

/**
 * The live bookings of these people whose session has not ended at `at`: on SQLite the first
 * found, on PostgreSQL each (a row of the session per booking; the caller reads the first).
 */
function activeBooking(db: QueryCreator<Database>, p: { personIds: PersonIds; at: string }, dialect: DialectName) {
  const live = (eb: ExpressionBuilder<Database & { k: Database['bookings'] }, 'k'>) =>
    eb.or([
      eb('k.status', '=', 'confirmed'),
      eb.and([eb('k.status', '=', 'held'), eb('k.hold_expires_at', '>', p.at)]),
    ]);
  if (dialect === 'postgres')
    // Each of the people's bookings looked up by its primary key (LATERAL ... LIMIT 1 is never
    // flattened into a join). As a plain join, the planner, misled by statistics gathered while
    // bookings were few (a drive's first minutes, until autovacuum analyses again), hashed every
    // live booking on every call: 1.4 ms a booking, growing with each one (docs/performance.md).
    // No LIMIT around the people's rows either (the caller reads the first row; a person has at
    // most one live booking): under a LIMIT the planner, expecting ~1 % of booking_people to
    // match and a match to come early, scanned the whole table for the usual none until
    // autovacuum next analysed it (0.36 ms a statement on average over a 7,000-booking run).
    return db
      .selectFrom('booking_people as bp')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('bookings as k')
            .innerJoin('slots as s', 's.id', 'k.slot_id')
            .select('k.code')
            .whereRef('k.id', '=', 'bp.booking_id')
            .where('s.end_at', '>', p.at)
            .where(live)
            .limit(fixedLimit(1))
            .as('k'),
        (j) => j.onTrue(),
      )
      .select(['bp.person_id', 'k.code'])
      .where('bp.person_id', 'in', p.personIds);
  return db
    .selectFrom('booking_people as bp')
    .innerJoin('bookings as k', 'k.id', 'bp.booking_id')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .select(['bp.person_id', 'k.code'])
    .where('bp.person_id', 'in', p.personIds)
    .where('s.end_at', '>', p.at)
    .where(live)
    .limit(fixedLimit(1));
}

// The statements of a booking, compiled once (store/prepared.ts).
const sessionOfCentre = prepared((db, p: { slotId: number; centreId: number }) => sessionQuery(db, p));
/**
 * The session and, in the same statement, an active booking of one of the people (if any; the
 * first row's). Exported for its plan test (test/cowin/appointment-plan.test.ts).
 */
export const sessionAndActiveQuery = (
  db: QueryCreator<Database>,
  p: { slotId: number; centreId: number; personIds: PersonIds; at: string },
  dialect: DialectName,
) =>
  sessionQuery(db, p)
    .leftJoin(activeBooking(db, p, dialect).as('active'), (j) => j.onTrue())
    .select(['active.person_id as active_person', 'active.code as active_code']);
const sessionAndActive = prepared(sessionAndActiveQuery);

type SessionRow = ChosenSlot & { timezone: string };

function checkChosen(slot: SessionRow | undefined, c: SlotChoice, now: Date): ChosenSlot {
  if (!slot)
    throw new DomainError(
      'invalid_slot',
      `slot_id ${c.slotId} is not a session of centre ${c.centreId} (see timeslots/findByCenter)`,
    );
  const local = wallClock(slot.start_at, slot.timezone).date;
  if (local !== c.date)
    throw new DomainError(
      'invalid_slot',
      `slot_id ${c.slotId} is on ${local.split('-').reverse().join('-')}, not on ${c.date.split('-').reverse().join('-')}`,
    );
  if (slot.start_at <= iso(now))
    throw new DomainError(
      'slot_in_past',
      'Appointments are allowed only for future sessions: this session has already started',
    );
  return slot;
}

/** The session `slotId` of centre `centreId` on local date `date` (YYYY-MM-DD). */
export async function chosenSlot(db: Conn, c: SlotChoice, now: Date): Promise<ChosenSlot> {
  const [slot] = (await sessionOfCentre(db, { slotId: c.slotId, centreId: c.centreId })).rows;
  return checkChosen(slot, c, now);
}

/**
 * {@link chosenSlot}, and a live booking of one of `personIds` whose session has not ended
 * (`active`), read in one statement. Call it after locking the people: on PostgreSQL the
 * statement then sees every booking committed by a transaction that held their lock.
 */
export async function chosenSlotAndActive(
  trx: Tx,
  c: SlotChoice,
  now: Date,
  personIds: number[],
): Promise<{ slot: ChosenSlot; active: { person_id: number; code: string } | undefined }> {
  const [row] = (await sessionAndActive(trx, { slotId: c.slotId, centreId: c.centreId, personIds, at: iso(now) })).rows;
  const { active_person, active_code, ...slot } = row ?? {};
  return {
    slot: checkChosen(row && (slot as SessionRow), c, now),
    active: active_person == null ? undefined : { person_id: active_person, code: active_code! },
  };
}

/**
 * PostgreSQL: the session and an active booking of the people, as {@link sessionAndActiveQuery},
 * and the new booking written in the same statement (../scheduling/booking-rows.ts) when the
 * session is the centre's and has the seats: one round trip fewer. Each row is the session's
 * (with `booking_id` set when the booking was written).
 */
const sessionActiveAndBooking = prepared(
  (db, p: { slotId: number; centreId: number; at: string } & NewBooking, dialect) => {
    const { slotId, centreId, at, ...booking } = p;
    const steps = withBookingSteps(
      db.with('s', (w) => sessionAndActiveQuery(w, { slotId, centreId, personIds: booking.personIds, at }, dialect)),
      booking,
      dialect,
      sql<SqlBool>`exists (select from s)`,
    );
    return steps
      .selectFrom('s')
      .leftJoin('b', (j) => j.onTrue())
      .selectAll('s')
      .select('b.id as booking_id') as unknown as Compilable<
      SessionRow & { active_person: number | null; active_code: string | null; booking_id: number | null }
    >;
  },
);

/**
 * {@link chosenSlotAndActive}, and on PostgreSQL the booking `input` asks for, written in the
 * same statement whenever the session is the centre's and has the seats: before the checks
 * that read what the statement found (`checkChosen` here; the ages and the active appointment
 * by the caller), each of which refuses by throwing, which rolls the booking back with the
 * transaction. `booked` is the booking when it was written; otherwise the caller books with
 * `bookIn`, told with `seatsTried` that the seats were tried (it then sweeps expired holds
 * first). On SQLite nothing is booked here. Call it after locking the people.
 */
export async function chosenSlotActiveAndBooked(
  trx: Tx,
  c: SlotChoice,
  now: Date,
  input: BookInput & { personIds: number[] },
): Promise<{
  slot: ChosenSlot;
  active: { person_id: number; code: string } | undefined;
  booked: Booking | undefined;
  seatsTried: boolean;
}> {
  if (!chainsWrites(dialectOf(trx)))
    return { ...(await chosenSlotAndActive(trx, c, now, input.personIds)), booked: undefined, seatsTried: false };
  const row = newBookingRow(input, c.slotId, input.personIds.length, now);
  const params = { slotId: c.slotId, centreId: c.centreId, at: iso(now), ...row, personIds: input.personIds };
  const [first] = (await sessionActiveAndBooking(trx, params)).rows;
  const { active_person, active_code, booking_id, ...session } = first ?? {};
  const slot = checkChosen(first && (session as SessionRow), c, now);
  const active = active_person == null ? undefined : { person_id: active_person, code: active_code! };
  if (booking_id == null) return { slot, active, booked: undefined, seatsTried: true };
  // The statement's seat update sent the place's change notice (../scheduling/seats.ts).
  seatsChanged(trx, slot.place_id, true);
  return { slot, active, booked: { id: booking_id, ...row }, seatsTried: true };
}

export function checkAges(slot: ChosenSlot, people: Pick<Beneficiary, 'reference_id' | 'birth_year'>[]): void {
  const year = Number(slot.start_at.slice(0, 4));
  for (const p of people) {
    // Only the birth year is known: the age reached during the session's year.
    const months = (year - p.birth_year) * 12;
    const min = slot.min_age_months;
    const max = slot.max_age_months;
    if ((min !== null && months < min) || (max !== null && months > max + 11)) {
      const range =
        max === null
          ? `${Math.floor((min ?? 0) / 12)} years or older`
          : `${Math.floor((min ?? 0) / 12)} to ${Math.floor(max / 12)} years old`;
      throw new DomainError(
        'age_range',
        `beneficiary ${p.reference_id} (born ${p.birth_year}) cannot get ${slot.vaccine ?? 'this vaccine'}: it is for people ${range}`,
      );
    }
  }
}

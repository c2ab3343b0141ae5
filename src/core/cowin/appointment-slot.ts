// The session a CoWIN appointment names (centre, local date, slot id), checked for booking:
// it exists at that centre on that date, has not started, and suits the beneficiaries' ages.
import { DomainError } from '../shared/errors.js';
import { wallClock } from '../shared/time.js';
import type { ExpressionBuilder } from 'kysely';
import { type DialectName, iso, fixedLimit } from '../../store/dialect.js';
import type { Conn, Db, Tx } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Beneficiary, Database } from '../../store/schema.js';

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

function sessionQuery(db: Db, p: { slotId: number; centreId: number }) {
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
 * The live bookings of these people whose session has not ended at `at`: on SQLite the first
 * found, on PostgreSQL each (a row of the session per booking; the caller reads the first).
 */
function activeBooking(db: Db, p: { personIds: number[]; at: string }, dialect: DialectName) {
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
  db: Db,
  p: { slotId: number; centreId: number; personIds: number[]; at: string },
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

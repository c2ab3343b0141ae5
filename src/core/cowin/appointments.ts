// Vaccination appointments of beneficiaries (Registration & Appointment API): schedule,
// reschedule, cancel and list, on the core's bookings. Every call acts for one mobile number
// and only on beneficiaries linked to it. A beneficiary holds at most one active appointment
// (a live booking whose session has not ended) and must be in the vaccine's age range.
import { move } from '../scheduling/booking-moves.js';
import { announceBooking, cancel, bookIn } from '../scheduling/bookings.js';
import { DomainError } from '../shared/errors.js';
import { referenceNumber } from '../shared/ids.js';
import { sql } from 'kysely';
import { chainsWrites, iso } from '../../store/dialect.js';
import type { Conn, Store, Tx } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import { scheduleInOne } from './appointment-in-one.js';
import { checkAges, chosenSlot, chosenSlotActiveAndBooked, type SlotChoice } from './appointment-slot.js';
import type { Beneficiary, Booking } from '../../store/schema.js';

export const CHANNEL = 'cowin';
/** Most beneficiaries in one appointment (a mobile links at most 4). */
export const MAX_PER_APPOINTMENT = 4;

/**
 * Lock the beneficiaries (in id order) so concurrent bookings for one of them run one after
 * another. On PostgreSQL the lock also raises their `booking_version`, as every booking of them
 * must (a booking written in one statement books only where it is unchanged: ./appointment-in-one.ts).
 */
const lockBy = (column: 'mobile' | 'guest_id') =>
  prepared((db, p: { owner: string | number; referenceIds: number[] }, dialect) => {
    const mine = db
      .selectFrom('beneficiaries')
      .where(column, '=', p.owner as never)
      .where('reference_id', 'in', p.referenceIds)
      .where('deleted_at', 'is', null)
      .orderBy('id');
    if (dialect !== 'postgres') return mine.selectAll();
    return db
      .updateTable('beneficiaries')
      .set({ booking_version: sql`booking_version + 1` })
      .where('id', 'in', mine.select('id').forUpdate())
      .returningAll();
  });
const linked = lockBy('mobile');
const registered = lockBy('guest_id');

/**
 * Who acts on appointments: a beneficiary token's mobile (its linked beneficiaries), or a guest
 * account (seed 002's auth row for C1/C2: the beneficiaries that account registered).
 */
export type Actor = { mobile: string } | { guestId: number };
const actorOf = (input: { mobile?: string; guestId?: number }): Actor =>
  input.mobile !== undefined ? { mobile: input.mobile } : { guestId: input.guestId ?? Number.NaN };
const visibleTo = (b: Beneficiary, who: Actor) =>
  b.deleted_at === null && ('mobile' in who ? b.mobile === who.mobile : b.guest_id === who.guestId);

async function lockLinked(trx: Tx, who: Actor, referenceIds: number[]): Promise<Beneficiary[]> {
  const { rows } =
    'mobile' in who
      ? await linked(trx, { owner: who.mobile, referenceIds })
      : await registered(trx, { owner: who.guestId, referenceIds });
  rows.sort((a, b) => a.id - b.id); // PostgreSQL's UPDATE … RETURNING gives them in no set order
  if (rows.length < referenceIds.length) {
    const found = new Set(rows.map((r) => Number(r.reference_id)));
    const missing = referenceIds.filter((id) => !found.has(id));
    throw new DomainError(
      'not_linked',
      'mobile' in who
        ? `No beneficiary ${missing.join(', ')} is linked to this mobile number`
        : `No beneficiary ${missing.join(', ')} was registered by this guest account`,
    );
  }
  if (new Set(rows.map((r) => r.mobile)).size > 1)
    throw new DomainError(
      'invalid',
      'one appointment is for beneficiaries of one mobile number; book each mobile separately',
    );
  return rows;
}

function refuseActive(people: Beneficiary[], active: { person_id: number; code: string } | undefined): void {
  if (active) {
    const who = people.find((p) => p.person_id === active.person_id)!;
    throw new DomainError(
      'active_appointment',
      `beneficiary ${who.reference_id} already has an active appointment (${active.code}); cancel or reschedule it instead`,
    );
  }
}

export interface ScheduleInput extends SlotChoice {
  /** Act for this mobile's beneficiaries (a beneficiary token)… */
  mobile?: string;
  /** …or for those this guest account registered (a guest token). */
  guestId?: number;
  referenceIds: number[];
  now?: Date;
}

export async function scheduleAppointment(store: Store, input: ScheduleInput): Promise<Booking> {
  const now = input.now ?? new Date();
  const ids = input.referenceIds;
  if (ids.length === 0 || ids.length > MAX_PER_APPOINTMENT)
    throw new DomainError('invalid', `beneficiaries must list 1 to ${MAX_PER_APPOINTMENT} beneficiary reference ids`);
  if (new Set(ids).size !== ids.length)
    throw new DomainError('invalid', 'beneficiaries lists the same reference id twice');
  if (chainsWrites(store.dialect)) {
    // PostgreSQL: one statement when it can book; the transaction below answers otherwise.
    const code = String(referenceNumber());
    const booked = await scheduleInOne(store, { ...input, referenceIds: ids, code, channel: CHANNEL, now });
    if (booked) return booked;
  }
  return store.tx((trx) => scheduleIn(trx, input, now));
}

/**
 * {@link scheduleAppointment}'s transaction (its input checked): the people locked, then the
 * session and their live appointments read, the rules checked, and the appointment booked.
 */
export async function scheduleIn(trx: Tx, input: ScheduleInput, now: Date): Promise<Booking> {
  const ids = input.referenceIds;
  const people = await lockLinked(trx, actorOf(input), ids);
  const booking = {
    slotId: input.slotId,
    personIds: people.map((p) => p.person_id),
    status: 'confirmed' as const,
    channel: CHANNEL,
    ownerId: people[0].mobile,
    code: String(referenceNumber()),
    now,
  };
  // After the lock: a booking of one of them committed meanwhile is seen (active). On
  // PostgreSQL the booking is already written (`booked`) when the session had the seats; a
  // refusal below rolls it back with the transaction.
  const { slot, active, booked, seatsTried } = await chosenSlotActiveAndBooked(trx, input, now, booking);
  checkAges(slot, people);
  refuseActive(people, active);
  return booked ? announceBooking(trx, booked, now) : bookIn(trx, { ...booking, slot, seatsTried });
}

export interface AppointmentRef {
  mobile?: string;
  guestId?: number;
  confirmationNo: number;
  referenceIds?: number[];
  now?: Date;
}

/** The appointment with this number whose beneficiaries are all visible to `who`; otherwise not found. */
export async function ownAppointment(
  db: Conn,
  who: Actor | string,
  confirmationNo: number,
): Promise<{ booking: Booking; people: Beneficiary[] }> {
  const actor = typeof who === 'string' ? { mobile: who } : who;
  const booking = await db
    .selectFrom('bookings')
    .selectAll()
    .where('code', '=', String(confirmationNo))
    .where('channel', '=', CHANNEL)
    .executeTakeFirst();
  const people = booking
    ? await db
        .selectFrom('booking_people as bp')
        .innerJoin('beneficiaries as b', 'b.person_id', 'bp.person_id')
        .selectAll('b')
        .where('bp.booking_id', '=', booking.id)
        .orderBy('b.id')
        .execute()
    : [];
  if (!booking || people.length === 0 || people.some((p) => !visibleTo(p, actor))) {
    throw new DomainError(
      'appointment_not_found',
      `Appointment details not found: no appointment ${confirmationNo} is linked to this ${'mobile' in actor ? 'mobile number' : 'guest account'}`,
    );
  }
  return { booking, people };
}

function checkListed(people: Beneficiary[], referenceIds: number[] | undefined): void {
  if (referenceIds === undefined) return;
  const mine = new Set(people.map((p) => Number(p.reference_id)));
  const stranger = referenceIds.find((id) => !mine.has(id));
  if (stranger !== undefined)
    throw new DomainError(
      'not_in_appointment',
      `The individual with reference id ${stranger} is not in this appointment`,
    );
  if (new Set(referenceIds).size !== mine.size) {
    throw new DomainError(
      'not_in_appointment',
      `list every beneficiary of the appointment (${[...mine].join(', ')}): an appointment is changed or cancelled for all of them together`,
    );
  }
}

async function assertChangeable(db: Conn, booking: Booking, now: Date, what: string): Promise<void> {
  if (booking.status === 'cancelled')
    throw new DomainError('already_cancelled', 'This appointment is already cancelled');
  const slot = await db
    .selectFrom('slots')
    .select('start_at')
    .where('id', '=', booking.slot_id)
    .executeTakeFirstOrThrow();
  if (slot.start_at <= iso(now))
    throw new DomainError('session_started', `You cannot ${what} an appointment whose session has already started`);
}

export async function rescheduleAppointment(store: Store, input: AppointmentRef & SlotChoice): Promise<Booking> {
  const now = input.now ?? new Date();
  const { booking, people } = await ownAppointment(store.db, actorOf(input), input.confirmationNo);
  checkListed(people, input.referenceIds);
  await assertChangeable(store.db, booking, now, 'reschedule');
  if (booking.slot_id === input.slotId)
    throw new DomainError(
      'same_slot',
      'You have selected the same session as your current appointment; choose another slot, date or centre',
    );
  const slot = await chosenSlot(store.db, input, now);
  checkAges(slot, people);
  return move(store, booking.id, slot.id, {
    now,
    // Checked again under the booking's lock: a concurrent cancel or a started session wins.
    check: async (trx, b) => assertChangeable(trx, b, now, 'reschedule'),
  });
}

export async function cancelAppointment(store: Store, input: AppointmentRef): Promise<Booking> {
  const now = input.now ?? new Date();
  const { booking, people } = await ownAppointment(store.db, actorOf(input), input.confirmationNo);
  checkListed(people, input.referenceIds);
  await assertChangeable(store.db, booking, now, 'cancel');
  return cancel(store, booking.id, now);
}

export type { SlotChoice } from './appointment-slot.js';
export { appointmentsOf, type AppointmentRow } from './appointment-list.js';

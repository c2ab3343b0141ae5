// Vaccination appointments of beneficiaries (Registration & Appointment API): schedule,
// reschedule, cancel and list, on the core's bookings. Every call acts for one mobile number
// and only on beneficiaries linked to it. A beneficiary holds at most one active appointment
// (a live booking whose session has not ended) and must be in the vaccine's age range.
import { cancel, bookIn, move } from '../scheduling/bookings.js';
import { DomainError } from '../shared/errors.js';
import { referenceNumber } from '../shared/ids.js';
import { wallClock } from '../shared/time.js';
import { forUpdate, iso } from '../../store/dialect.js';
import type { Conn, Store, Tx } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Beneficiary, Booking } from '../../store/schema.js';

export const CHANNEL = 'cowin';
/** Most beneficiaries in one appointment (a mobile links at most 4). */
export const MAX_PER_APPOINTMENT = 4;

export interface SlotChoice {
  centreId: number;
  date: string;
  slotId: number;
}

interface ChosenSlot {
  id: number;
  place_id: number;
  start_at: string;
  end_at: string;
  capacity: number;
  min_age_months: number | null;
  max_age_months: number | null;
  vaccine: string | null;
}

// The statements of a booking, compiled once (store/prepared.ts).
const sessionOfCentre = prepared((db, p: { slotId: number; centreId: number }) =>
  db
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
    .where('slots.practitioner_id', 'is', null),
);

/** The session `slotId` of centre `centreId` on local date `date` (YYYY-MM-DD). */
async function chosenSlot(db: Conn, c: SlotChoice, now: Date): Promise<ChosenSlot> {
  const [slot] = (await sessionOfCentre(db, { slotId: c.slotId, centreId: c.centreId })).rows;
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

function checkAges(slot: ChosenSlot, people: Pick<Beneficiary, 'reference_id' | 'birth_year'>[]): void {
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

/** Lock the beneficiaries (in id order) so concurrent bookings for one of them run one after another. */
const linked = prepared((db, p: { mobile: string; referenceIds: number[] }, dialect) =>
  forUpdate(
    db
      .selectFrom('beneficiaries')
      .selectAll()
      .where('mobile', '=', p.mobile)
      .where('reference_id', 'in', p.referenceIds)
      .where('deleted_at', 'is', null)
      .orderBy('id'),
    dialect,
  ),
);

async function lockLinked(trx: Tx, mobile: string, referenceIds: number[]): Promise<Beneficiary[]> {
  const { rows } = await linked(trx, { mobile, referenceIds });
  if (rows.length < referenceIds.length) {
    const found = new Set(rows.map((r) => Number(r.reference_id)));
    const missing = referenceIds.filter((id) => !found.has(id));
    throw new DomainError('not_linked', `No beneficiary ${missing.join(', ')} is linked to this mobile number`);
  }
  return rows;
}

/** A live booking of one of these people whose session has not ended (other than booking `except`). */
function activeBookingQuery(withExcept: boolean) {
  return prepared((db, p: { personIds: number[]; at: string; except?: number }) => {
    const q = db
      .selectFrom('booking_people as bp')
      .innerJoin('bookings as k', 'k.id', 'bp.booking_id')
      .innerJoin('slots as s', 's.id', 'k.slot_id')
      .select(['bp.person_id', 'k.code'])
      .where('bp.person_id', 'in', p.personIds)
      .where('s.end_at', '>', p.at)
      .where((eb) =>
        eb.or([
          eb('k.status', '=', 'confirmed'),
          eb.and([eb('k.status', '=', 'held'), eb('k.hold_expires_at', '>', p.at)]),
        ]),
      )
      .limit(1);
    return withExcept ? q.where('k.id', '!=', p.except!) : q;
  });
}
const activeBooking = activeBookingQuery(false);
const activeBookingExcept = activeBookingQuery(true);

async function assertNoActive(trx: Tx, people: Beneficiary[], now: Date, except?: number): Promise<void> {
  const personIds = people.map((p) => p.person_id);
  const at = iso(now);
  const [active] = (
    except === undefined
      ? await activeBooking(trx, { personIds, at })
      : await activeBookingExcept(trx, { personIds, at, except })
  ).rows;
  if (active) {
    const who = people.find((p) => p.person_id === active.person_id)!;
    throw new DomainError(
      'active_appointment',
      `beneficiary ${who.reference_id} already has an active appointment (${active.code}); cancel or reschedule it instead`,
    );
  }
}

export interface ScheduleInput extends SlotChoice {
  mobile: string;
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
  return store.tx(async (trx) => {
    const people = await lockLinked(trx, input.mobile, ids);
    const slot = await chosenSlot(trx, input, now);
    checkAges(slot, people);
    await assertNoActive(trx, people, now);
    return bookIn(trx, {
      slotId: slot.id,
      slot,
      personIds: people.map((p) => p.person_id),
      status: 'confirmed',
      channel: CHANNEL,
      ownerId: input.mobile,
      code: String(referenceNumber()),
      now,
    });
  });
}

export interface AppointmentRef {
  mobile: string;
  confirmationNo: number;
  referenceIds?: number[];
  now?: Date;
}

/** The appointment with this number whose beneficiaries are all linked to `mobile`; otherwise not found. */
export async function ownAppointment(
  db: Conn,
  mobile: string,
  confirmationNo: number,
): Promise<{ booking: Booking; people: Beneficiary[] }> {
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
  if (!booking || people.length === 0 || people.some((p) => p.mobile !== mobile || p.deleted_at !== null)) {
    throw new DomainError(
      'appointment_not_found',
      `Appointment details not found: no appointment ${confirmationNo} is linked to this mobile number`,
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
  const { booking, people } = await ownAppointment(store.db, input.mobile, input.confirmationNo);
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
  const { booking, people } = await ownAppointment(store.db, input.mobile, input.confirmationNo);
  checkListed(people, input.referenceIds);
  await assertChangeable(store.db, booking, now, 'cancel');
  return cancel(store, booking.id, now);
}

export interface AppointmentRow {
  booking: Booking;
  slot: { id: number; place_id: number; start_at: string; end_at: string; label: string | null };
  referenceIds: number[];
}

/** Every appointment (any status) of the beneficiaries linked to `mobile`, newest first. */
export async function appointmentsOf(db: Conn, mobile: string): Promise<AppointmentRow[]> {
  const rows = await db
    .selectFrom('bookings as k')
    .innerJoin('booking_people as bp', 'bp.booking_id', 'k.id')
    .innerJoin('beneficiaries as b', 'b.person_id', 'bp.person_id')
    .innerJoin('slots as s', 's.id', 'k.slot_id')
    .selectAll('k')
    .select(['s.place_id', 's.start_at', 's.end_at', 's.label', 'b.reference_id', 'b.mobile', 'b.deleted_at'])
    .where('k.channel', '=', CHANNEL)
    .where('k.id', 'in', (eb) =>
      eb
        .selectFrom('booking_people as bp2')
        .innerJoin('beneficiaries as b2', 'b2.person_id', 'bp2.person_id')
        .select('bp2.booking_id')
        .where('b2.mobile', '=', mobile),
    )
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .orderBy('b.id')
    .execute();
  const out = new Map<number, AppointmentRow & { foreign: boolean }>();
  for (const r of rows) {
    const { place_id, start_at, end_at, label, reference_id, mobile: m, deleted_at, ...booking } = r;
    const a = out.get(r.id) ?? {
      booking,
      slot: { id: r.slot_id, place_id, start_at, end_at, label },
      referenceIds: [],
      foreign: false,
    };
    a.referenceIds.push(Number(reference_id));
    if (m !== mobile || deleted_at !== null) a.foreign = true;
    out.set(r.id, a);
  }
  // An appointment shared with someone no longer linked to this mobile is not shown.
  return [...out.values()].filter((a) => !a.foreign).map(({ foreign: _f, ...a }) => a);
}

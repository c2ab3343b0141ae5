// Video consultation bookings: one patient per slot, held until paid, confirmed only by a
// verified payment (core settlePayment), then given a join link. Every booking belongs to the
// partner that made it; another partner gets "not found", never someone else's booking.
import { chainsWrites, isUniqueViolation, iso } from '../../store/dialect.js';
import type { Conn, Store, Tx } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Booking, Payment, Person } from '../../store/schema.js';
import { move } from '../scheduling/booking-moves.js';
import { type BookInput, bookIn, cancel, effectiveStatus, requestHash } from '../scheduling/bookings.js';
import { DomainError } from '../shared/errors.js';
import type { CheckoutUrls } from '../partners/checkout-urls.js';
import { openCheckout, startCheckout, type PaymentProvider } from '../partners/payment-providers.js';
import { createPerson, type PersonInput } from '../scheduling/people.js';
import { addMinutes, isIsoDate } from '../shared/time.js';
import { bookConsultationInOne } from './book-in-one.js';
import { findDoctor, findDoctorSlot, type Doctor, type DoctorSlot } from './doctors.js';
import { newRoomKey } from './rooms.js';

export const VIDEO_CHANNEL = 'video';

export interface PatientInput {
  name: string;
  mobile: string;
  gender: string;
  birth_date: string;
}

export interface VideoBookInput {
  partnerId: string;
  partnerReference: string;
  doctorId: string;
  /** Decoded slot row id (undefined when the caller's slot_id did not decode). */
  slotId: number | undefined;
  patient: PatientInput;
  reason?: string | null;
  /** What the partner sent, hashed to recognise a retry of the same request. */
  request: unknown;
  holdMinutes: number;
  leadMinutes: number;
  /** Opens the checkout of a paid consultation, inside the booking's transaction. */
  provider: PaymentProvider;
  /** Where checkout sends the payer back (already checked against the partner's origins). */
  checkout?: CheckoutUrls;
  now?: Date;
}

export interface Consultation {
  booking: Booking;
  /** The status a reader sees (a held booking past its hold is expired). */
  status: Booking['status'];
  doctor: Doctor;
  slot: { id: number; start_at: string; end_at: string };
  patient: Person | undefined;
  payment: Payment | undefined;
  room_key: string;
  reason: string | null;
}

async function byReference(db: Conn, partnerId: string, ref: string): Promise<Booking | undefined> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('channel', '=', VIDEO_CHANNEL)
    .where('owner_id', '=', partnerId)
    .where('partner_reference', '=', ref)
    .executeTakeFirst();
}

function sameRequest(existing: Booking, request: unknown): void {
  if (existing.request_hash !== requestHash(request)) {
    throw new DomainError(
      'idempotency_mismatch',
      `partner_reference was already used for a different booking (${existing.code}); send a new partner_reference for a new booking`,
      { field: 'partner_reference' },
    );
  }
}

/** Compiled once (store/prepared.ts): every value is a parameter. */
const insertRoom = prepared(
  (
    db,
    p: { booking_id: number; practitioner_id: number; room_key: string; reason: string | null; created_at: string },
  ) => db.insertInto('video_consultations').values(p),
);

/** Book in `trx` and return the consultation as written (nothing is read back). */
async function bookInTx(trx: Tx, input: VideoBookInput, now: Date): Promise<Consultation> {
  // The doctor and its slot in one statement.
  const found = await findDoctorSlot(trx, input.doctorId, input.slotId);
  if (!found)
    throw new DomainError(
      'not_found',
      `doctor_id ${input.doctorId} does not exist; list doctors with GET /doctors?spec_id=`,
      { field: 'doctor_id' },
    );
  const { doctor, slot } = found;
  if (!slot) {
    throw new DomainError(
      'not_found',
      `slot_id is not a slot of doctor ${doctor.code}; list them with GET /slots?doctor_id=${doctor.code}&date=YYYY-MM-DD`,
      { field: 'slot_id' },
    );
  }
  const patient = await createPerson(trx, { ...input.patient } satisfies PersonInput);
  const asked = bookingOf(input, doctor, slot, now);
  const booking = await bookIn(trx, { ...asked, personIds: [patient.id] });
  const room = { room_key: newRoomKey(), reason: input.reason ?? null };
  await insertRoom(trx, { booking_id: booking.id, practitioner_id: doctor.id, ...room, created_at: iso(now) });
  // A booking written in this transaction has no payment yet: its first one needs no lookup.
  const paid = (asked.amountMinor ?? 0) > 0;
  const payment = paid ? (await startCheckout(trx, booking, input.provider)).payment : undefined;
  return consultationOf({ booking, patient, payment, ...room }, doctor, slot, now);
}

/** The booking a consultation of `doctor` in `slot` is (its patient's link apart). */
function bookingOf(
  input: VideoBookInput,
  doctor: Doctor,
  slot: DoctorSlot,
  now: Date,
): BookInput & { slot: DoctorSlot } {
  const amount = doctor.fee_minor ?? 0;
  return {
    slotId: slot.id,
    slot,
    seats: 1,
    status: amount > 0 ? 'held' : 'confirmed',
    holdMinutes: input.holdMinutes,
    channel: VIDEO_CHANNEL,
    ownerId: input.partnerId,
    partnerReference: input.partnerReference,
    request: input.request,
    amountMinor: amount,
    currency: doctor.currency ?? 'SAR',
    notBefore: addMinutes(now, input.leadMinutes),
    details: input.checkout ? { checkout: input.checkout } : undefined,
    now,
  };
}

function consultationOf(
  written: { booking: Booking; patient: Person; payment: Payment | undefined; room_key: string; reason: string | null },
  doctor: Doctor,
  slot: DoctorSlot,
  now: Date,
): Consultation {
  return {
    ...written,
    status: effectiveStatus(written.booking, now),
    doctor,
    slot: { id: slot.id, start_at: slot.start_at, end_at: slot.end_at },
  };
}

/**
 * PostgreSQL: the consultation in one statement after its doctor and slot are read
 * (./book-in-one.ts), or undefined for the transaction to book it (and to refuse what it refuses).
 */
async function bookInOne(store: Store, input: VideoBookInput, now: Date): Promise<Consultation | undefined> {
  const found = await findDoctorSlot(store.db, input.doctorId, input.slotId);
  if (!found?.slot) return undefined;
  const { doctor, slot } = found;
  const room = { room_key: newRoomKey(), reason: input.reason ?? null };
  const written = await bookConsultationInOne(
    store,
    bookingOf(input, doctor, slot, now),
    doctor,
    input.patient,
    room,
    input.provider,
  );
  return written && consultationOf(written, doctor, slot, now);
}

export interface BookedConsultation {
  consultation: Consultation;
  reused: boolean;
  /** The checkout page of the consultation's latest payment (null for a free one). */
  paymentUrl: string | null;
}

/**
 * Book a consultation: seat, booking, room and payment in one transaction. The same
 * partner_reference with the same request returns the same booking.
 */
export async function bookConsultation(store: Store, input: VideoBookInput): Promise<BookedConsultation> {
  const now = input.now ?? new Date();
  const birth = input.patient.birth_date;
  if (!isIsoDate(birth) || birth > iso(now).slice(0, 10)) {
    throw new DomainError(
      'invalid',
      `patient.birth_date must be a past calendar date in YYYY-MM-DD form, got "${birth}"`,
      { field: 'patient.birth_date' },
    );
  }
  const answer = (consultation: Consultation, reused: boolean): BookedConsultation => ({
    consultation,
    reused,
    paymentUrl: consultation.payment ? input.provider.checkoutUrl(consultation.payment) : null,
  });
  // The reference is looked up only when booking fails (as core bookWith does): a retry's
  // insert meets the unique index on (channel, owner, reference) and rolls back with all it
  // wrote, or an earlier check refuses it (its slot is now taken, or has started). Looking it
  // up first cost every new booking one more statement.
  try {
    const one = chainsWrites(store.dialect) ? await bookInOne(store, input, now) : undefined;
    if (one) return answer(one, false);
    return answer(await store.tx((trx) => bookInTx(trx, input, now)), false);
  } catch (err) {
    if (!isUniqueViolation(err) && !(err instanceof DomainError)) throw err;
    // A retry, or a concurrent retry with the same reference that won: answer with its booking.
    const existing = await byReference(store.db, input.partnerId, input.partnerReference);
    if (!existing) throw err;
    sameRequest(existing, input.request);
    // A retry after a declined payment gets a new one while the hold lasts (as kids /book).
    if (existing.amount_minor) await store.tx((trx) => openCheckout(trx, store.dialect, existing, input.provider, now));
    return answer((await loadConsultation(store.db, existing, now))!, true);
  }
}

async function loadConsultation(db: Conn, booking: Booking, now: Date): Promise<Consultation | undefined> {
  const vc = await db
    .selectFrom('video_consultations')
    .innerJoin('practitioners', 'practitioners.id', 'video_consultations.practitioner_id')
    .select(['video_consultations.room_key', 'video_consultations.reason', 'practitioners.code'])
    .where('video_consultations.booking_id', '=', booking.id)
    .executeTakeFirst();
  if (!vc) return undefined;
  const [doctor, slot, patient, payment] = await Promise.all([
    findDoctor(db, vc.code, { includeInactive: true }).then((d) => d!),
    db
      .selectFrom('slots')
      .select(['id', 'start_at', 'end_at'])
      .where('id', '=', booking.slot_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('booking_people')
      .innerJoin('people', 'people.id', 'booking_people.person_id')
      .selectAll('people')
      .where('booking_people.booking_id', '=', booking.id)
      .executeTakeFirst(),
    db.selectFrom('payments').selectAll().where('booking_id', '=', booking.id).orderBy('id', 'desc').executeTakeFirst(),
  ]);
  return {
    booking,
    status: effectiveStatus(booking, now),
    doctor,
    slot,
    patient,
    payment,
    room_key: vc.room_key,
    reason: vc.reason,
  };
}

/** The partner's own consultation by booking_id; anyone else's is "not found". */
export async function getConsultation(
  db: Conn,
  partnerId: string,
  bookingId: string,
  now: Date = new Date(),
): Promise<Consultation> {
  const booking = await db
    .selectFrom('bookings')
    .selectAll()
    .where('code', '=', bookingId)
    .where('channel', '=', VIDEO_CHANNEL)
    .where('owner_id', '=', partnerId)
    .executeTakeFirst();
  const c = booking && (await loadConsultation(db, booking, now));
  if (!c) throw new DomainError('not_found', `booking ${bookingId} does not exist`, { field: 'booking_id' });
  return c;
}

async function notStarted(trx: Conn, slotId: number, now: Date, what: string): Promise<void> {
  const slot = await trx.selectFrom('slots').select('start_at').where('id', '=', slotId).executeTakeFirstOrThrow();
  if (slot.start_at <= iso(now))
    throw new DomainError('conflict', `the consultation has already started and cannot be ${what}`, {
      field: 'booking_id',
    });
}

/**
 * Cancel the partner's consultation and give the slot back. Cancelling a cancelled booking
 * answers with it unchanged. A paid booking's payment becomes `refund_due` (core cancel).
 */
export async function cancelConsultation(
  store: Store,
  partnerId: string,
  bookingId: string,
  now: Date = new Date(),
): Promise<Consultation> {
  const c = await getConsultation(store.db, partnerId, bookingId, now);
  if (c.booking.status !== 'cancelled') {
    await notStarted(store.db, c.booking.slot_id, now, 'cancelled');
    await cancel(store, c.booking.id, now);
  }
  return getConsultation(store.db, partnerId, bookingId, now);
}

/** Move the partner's consultation to another free slot of the same doctor, atomically. */
export async function rescheduleConsultation(
  store: Store,
  partnerId: string,
  bookingId: string,
  newSlotId: number | undefined,
  opts: { leadMinutes: number; now?: Date },
): Promise<Consultation> {
  const now = opts.now ?? new Date();
  const c = await getConsultation(store.db, partnerId, bookingId, now);
  const slot =
    newSlotId === undefined
      ? undefined
      : await store.db
          .selectFrom('slots')
          .select(['id', 'practitioner_id'])
          .where('id', '=', newSlotId)
          .executeTakeFirst();
  if (!slot || slot.practitioner_id !== c.doctor.id) {
    throw new DomainError(
      'not_found',
      `slot_id is not a slot of doctor ${c.doctor.code}; a booking moves only to another slot of the same doctor`,
      { field: 'slot_id' },
    );
  }
  await move(store, c.booking.id, slot.id, {
    now,
    notBefore: addMinutes(now, opts.leadMinutes),
    check: (trx, b) => notStarted(trx, b.slot_id, now, 'rescheduled'),
  });
  return getConsultation(store.db, partnerId, bookingId, now);
}

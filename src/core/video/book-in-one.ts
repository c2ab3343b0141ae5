// PostgreSQL: a new consultation written by ONE statement, outside any transaction.
//
// Each statement sent to PostgreSQL costs this client about 80–100 µs of CPU whatever it does
// (docs/performance.md, twenty-fourth pass). A consultation took seven in its transaction:
// BEGIN; the doctor with its slot; the patient; the seat, the booking and its patient's link
// (one statement, ../scheduling/booking-rows.ts); the room; the payment; COMMIT. Here the
// doctor and its slot are read first (what they say does not change under a booking: the
// seat is taken by the conditional update), and one `WITH` writes the rest, each step from the
// rows of the one before: the seat (`t`), the booking (`b`, only if `t` took the seat), the
// patient (`person`) and its link (`bp`), the room (`r`) and, for a paid consultation, the
// payment (`p`). Nothing is written when the seat was not free. A statement is atomic on its
// own, so nothing needs BEGIN or COMMIT.
//
// Only the plain case is taken here; anything else is left to the transaction
// (`bookConsultation`), which then answers exactly as before: an unknown doctor or slot, a
// check before writing that refuses, a seat not free (expired holds may be swept), a partner
// reference used before (a retry), or a partner with webhook endpoints (its event row is written
// in the booking's transaction). A payment provider that cannot give a checkout leaves nothing
// written: it is asked before the statement runs.
import { iso } from '../../store/dialect.js';
import type { Store } from '../../store/index.js';
import { prepared } from '../../store/prepared.js';
import type { Booking, Payment, Person } from '../../store/schema.js';
import { type NewBooking, newBookingIn, withBookingSteps, writtenInOne } from '../scheduling/booking-rows.js';
import type { BookInput } from '../scheduling/bookings.js';
import { emitEvent, ownerConsumes } from '../scheduling/events.js';
import { newPersonRow } from '../scheduling/people.js';
import { newPayment, type PayParams, paymentWritten, withPaymentStep } from '../partners/paid-in-one.js';
import type { PaymentProvider } from '../partners/payment-providers.js';
import type { Doctor } from './doctors.js';

interface Extra {
  /** The patient's `people` row. */
  patient_name: string;
  patient_birth_date: string | null;
  patient_birth_year: number | null;
  patient_gender: string | null;
  patient_mobile: string | null;
  patient_created_at: string;
  /** The room. */
  room_practitioner_id: number;
  room_key: string;
  room_reason: string | null;
  room_created_at: string;
}

function statement(paid: boolean) {
  return prepared((db, p: NewBooking & Extra & Partial<PayParams>, dialect) => {
    const {
      patient_name,
      patient_birth_date,
      patient_birth_year,
      patient_gender,
      patient_mobile,
      patient_created_at,
      room_practitioner_id,
      room_key,
      room_reason,
      room_created_at,
      pay_code,
      pay_provider,
      pay_status,
      pay_provider_ref,
      pay_created_at,
      pay_updated_at,
      ...booking
    } = p;
    const written = withBookingSteps(db, { ...booking, personIds: [] }, dialect)
      .with('person', (w) =>
        w
          .insertInto('people')
          .columns(['name', 'birth_date', 'birth_year', 'gender', 'mobile', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('b')
              .select([
                eb.val(patient_name).as('name'),
                eb.val(patient_birth_date).as('birth_date'),
                eb.val(patient_birth_year).as('birth_year'),
                eb.val(patient_gender).as('gender'),
                eb.val(patient_mobile).as('mobile'),
                eb.val(patient_created_at).as('created_at'),
              ]),
          )
          .returning('id'),
      )
      .with('bp', (w) =>
        w
          .insertInto('booking_people')
          .columns(['booking_id', 'person_id'])
          .expression((eb) => eb.selectFrom('b').crossJoin('person').select(['b.id', 'person.id as person_id'])),
      )
      .with('r', (w) =>
        w
          .insertInto('video_consultations')
          .columns(['booking_id', 'practitioner_id', 'room_key', 'reason', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('b')
              .select([
                'b.id',
                eb.val(room_practitioner_id).as('practitioner_id'),
                eb.val(room_key).as('room_key'),
                eb.val(room_reason).as('reason'),
                eb.val(room_created_at).as('created_at'),
              ]),
          ),
      );
    const all = paid ? withPaymentStep(written, p as PayParams) : written;
    const picked = all.selectFrom('b').crossJoin('t').crossJoin('person').selectAll('b').selectAll('t');
    return paid
      ? picked.crossJoin('p').select(['person.id as patient_id', 'p.id as payment_id'])
      : picked.select(['person.id as patient_id']);
  });
}
const bookFree = statement(false);
const bookPaid = statement(true);

export interface ConsultationInOne {
  booking: Booking;
  patient: Person;
  payment: Payment | undefined;
  room_key: string;
  reason: string | null;
}

/**
 * Write the consultation `input` asks for (its `slot` read with `doctor`) in one statement on
 * PostgreSQL; undefined when this is not the plain case (above), for the caller to book in a
 * transaction instead.
 */
export async function bookConsultationInOne(
  store: Store,
  input: BookInput & { slot: { id: number; start_at: string; capacity?: number } },
  doctor: Doctor,
  patient: { name: string; birth_date: string; gender: string; mobile: string },
  room: { room_key: string; reason: string | null },
  provider: PaymentProvider,
): Promise<ConsultationInOne | undefined> {
  if (await ownerConsumes(store.db, input.ownerId ?? null)) return undefined;
  const now = input.now ?? new Date();
  let row: Omit<Booking, 'id'>;
  try {
    row = newBookingIn(input, input.slot, 1, now);
  } catch {
    return undefined;
  }
  const paid = (row.amount_minor ?? 0) > 0 && row.currency !== null;
  const payment = paid ? newPayment(provider, row.amount_minor!, row.currency!) : undefined;
  const person = newPersonRow(patient);
  const params: NewBooking & Extra & Partial<PayParams> = {
    ...row,
    personIds: [],
    patient_name: person.name,
    patient_birth_date: person.birth_date,
    patient_birth_year: person.birth_year,
    patient_gender: person.gender,
    patient_mobile: person.mobile,
    patient_created_at: person.created_at,
    room_practitioner_id: doctor.id,
    room_key: room.room_key,
    room_reason: room.reason,
    room_created_at: iso(now),
    ...payment?.params,
  };
  const written = await writtenInOne<{ patient_id: number; payment_id?: number }>(store, () =>
    (paid ? bookPaid : bookFree)(store.db, params),
  );
  if (!written) return undefined;
  const { patient_id, payment_id, ...booking } = written;
  await emitEvent(store.db, booking.status === 'held' ? 'booking.held' : 'booking.confirmed', booking, now, {
    created: true,
  });
  return {
    booking,
    patient: { id: patient_id, ...person },
    payment: payment && paymentWritten(payment.pay, booking, payment_id!),
    ...room,
  };
}

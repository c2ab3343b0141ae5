// PostgreSQL: a new held booking and its first payment written by ONE statement, outside any
// transaction.
//
// Each statement sent to PostgreSQL costs this client about 80–100 µs of CPU whatever it does
// (docs/performance.md, twenty-fourth pass). A partner's paid booking took four in its
// transaction: BEGIN; the seat, the booking and its people in one statement
// (../scheduling/booking-rows.ts `withBookingSteps`); its payment; COMMIT. Here one `WITH` adds the payment
// (`p`) after the booking's steps: written only when the conditional update took the seats and
// the booking was written, so a booking never exists without its payment, and nothing at all
// is written when the seats were not free. A statement is atomic on its own, so nothing needs
// BEGIN or COMMIT.
//
// Only the plain case is taken here; anything else is left to the transaction (`bookWith`),
// which then answers exactly as before:
// - the seats were not free (expired holds may be swept to free them, in a transaction);
// - the partner reference was used before (a retry: its booking is found and answered);
// - a check before writing refused (`newBookingIn`: a retry of a booking whose slot has since
//   started is still answered with its booking);
// - the booking's owner has webhook endpoints (its event row is written in the booking's
//   transaction).
// A payment provider that throws instead of giving a checkout leaves nothing written, as in
// the transaction: it is asked before the statement runs.
import type { PaymentProvider, Checkout } from './payment-providers.js';
import type { Store } from '../../store/index.js';
import type { QueryCreator } from 'kysely';
import { prepared } from '../../store/prepared.js';
import type { Booking, Database, Payment } from '../../store/schema.js';
import type { BookInput } from '../scheduling/bookings.js';
import { type NewBooking, newBookingIn, seatsOf, withBookingSteps, writtenInOne } from '../scheduling/booking-rows.js';
import { emitEvent, ownerConsumes } from '../scheduling/events.js';
import { newPaymentRow } from '../scheduling/payments.js';

type PaymentColumns = Omit<Payment, 'id' | 'booking_id' | 'amount_minor' | 'currency'>;
/** A new payment's own columns, each a parameter of its own (`prepared` takes flat parameters). */
export type PayParams = { [K in keyof PaymentColumns as `pay_${K}`]: PaymentColumns[K] };

/**
 * A booking's first payment, as {@link withPaymentStep} will write it, and the parameters that
 * write it. `provider` is asked for its checkout now, before anything is written (with the
 * payment as it will be, but for its ids): one that cannot give it throws, as it would inside
 * the transaction it then undoes. It is asked again, for the URL, once the payment is written.
 */
export function newPayment(
  provider: PaymentProvider,
  amountMinor: number,
  currency: string,
): { pay: PaymentColumns; params: PayParams } {
  const row = newPaymentRow({ bookingId: 0, provider: provider.name, amountMinor, currency });
  provider.checkoutUrl({ id: 0, ...row });
  const { booking_id: _b, amount_minor: _a, currency: _c, ...pay } = row;
  return {
    pay,
    params: {
      pay_code: pay.code,
      pay_provider: pay.provider,
      pay_status: pay.status,
      pay_provider_ref: pay.provider_ref,
      pay_created_at: pay.created_at,
      pay_updated_at: pay.updated_at,
    },
  };
}

/** The WITH step `p` after a booking's `b`: its payment, written only if `b` was, giving its `id`. */
// biome-ignore lint/suspicious/noExplicitAny: the steps follow whatever WITHs `qc` already has
export function withPaymentStep(qc: QueryCreator<any>, p: PayParams): QueryCreator<any> {
  return (qc as QueryCreator<Database & { b: Booking }>).with('p', (w) =>
    w
      .insertInto('payments')
      .columns([
        'code',
        'booking_id',
        'provider',
        'amount_minor',
        'currency',
        'status',
        'provider_ref',
        'created_at',
        'updated_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('b')
          .select([
            eb.val(p.pay_code).as('code'),
            'b.id',
            eb.val(p.pay_provider).as('provider'),
            'b.amount_minor',
            'b.currency',
            eb.val(p.pay_status).as('status'),
            eb.val(p.pay_provider_ref).as('provider_ref'),
            eb.val(p.pay_created_at).as('created_at'),
            eb.val(p.pay_updated_at).as('updated_at'),
          ]),
      )
      .returning('id'),
  );
}

/** The payment {@link withPaymentStep} wrote for `booking`, with the id it gave back. */
export function paymentWritten(pay: PaymentColumns, booking: Booking, id: number): Payment {
  return {
    id,
    code: pay.code,
    booking_id: booking.id,
    provider: pay.provider,
    amount_minor: booking.amount_minor!,
    currency: booking.currency!,
    status: pay.status,
    provider_ref: pay.provider_ref,
    created_at: pay.created_at,
    updated_at: pay.updated_at,
  };
}

const bookAndPay = prepared((db, p: NewBooking & PayParams, dialect) => {
  const { pay_code, pay_provider, pay_status, pay_provider_ref, pay_created_at, pay_updated_at, ...booking } = p;
  return withPaymentStep(withBookingSteps(db, booking, dialect), p)
    .selectFrom('b')
    .crossJoin('t')
    .crossJoin('p')
    .selectAll('b')
    .selectAll('t')
    .select('p.id as payment_id');
});

/**
 * Book `input` (a held booking with an amount to pay, its `slot` given) and open its checkout
 * with `provider` in one statement on PostgreSQL; undefined when this is not the plain case
 * (above), for the caller to book in a transaction instead.
 */
export async function bookPaidInOne(
  store: Store,
  input: BookInput,
  provider: PaymentProvider,
): Promise<{ booking: Booking; checkout: Checkout } | undefined> {
  const { slot, amountMinor, currency } = input;
  if (!slot || amountMinor == null || !currency || input.status !== 'held') return undefined;
  if (await ownerConsumes(store.db, input.ownerId ?? null)) return undefined;
  const now = input.now ?? new Date();
  let row: Omit<Booking, 'id'>;
  try {
    row = newBookingIn(input, slot, seatsOf(input), now);
  } catch {
    return undefined;
  }
  const { pay, params } = newPayment(provider, amountMinor, currency);
  const written = await writtenInOne<{ payment_id: number }>(store, () =>
    bookAndPay(store.db, { ...row, personIds: input.personIds ?? [], ...params }),
  );
  if (!written) return undefined;
  const { payment_id, ...booking } = written;
  await emitEvent(store.db, 'booking.held', booking, now, { created: true });
  const payment = paymentWritten(pay, booking, payment_id);
  return { booking, checkout: { payment, url: provider.checkoutUrl(payment) } };
}

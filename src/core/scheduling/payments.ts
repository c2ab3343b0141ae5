// Payments for held bookings. A booking is confirmed only by a verified payment
// notification (never by a browser returning to a page); a payment whose booking cannot be
// confirmed any more is kept as `refund_due`.
import { forUpdate, iso } from '../../store/dialect.js';
import type { Conn, Store } from '../../store/index.js';
import { preparedInsert } from '../../store/prepared.js';
import type { Booking, Payment } from '../../store/schema.js';
import { confirmIn, type ConfirmOutcome } from './bookings.js';
import { emitEvent } from './events.js';
import { DomainError } from '../shared/errors.js';
import { timeOrderedId } from '../shared/ids.js';

/** Every column is a parameter (compiled once: a payment is written with every paid booking). */
const insertPayment = preparedInsert('payments');

export interface NewPayment {
  bookingId: number;
  provider: string;
  amountMinor: number;
  currency: string;
}

/** A booking's new pending payment, as it is written (in the table's column order). */
export function newPaymentRow(p: NewPayment): Omit<Payment, 'id'> {
  const at = iso();
  return {
    code: timeOrderedId('pay', 16),
    booking_id: p.bookingId,
    provider: p.provider,
    amount_minor: p.amountMinor,
    currency: p.currency,
    status: 'pending',
    provider_ref: null,
    created_at: at,
    updated_at: at,
  };
}

export async function createPayment(db: Conn, p: NewPayment): Promise<Payment> {
  return insertPayment(db, newPaymentRow(p));
}

export async function findPayment(db: Conn, code: string): Promise<Payment | undefined> {
  return db.selectFrom('payments').selectAll().where('code', '=', code).executeTakeFirst();
}

export interface SettleResult {
  payment: Payment;
  booking: Booking;
  outcome: ConfirmOutcome | 'declined' | 'unchanged';
}

/**
 * Apply a verified notification from the payment provider. Idempotent: a payment that is
 * already settled is returned unchanged.
 */
export async function settlePayment(
  store: Store,
  code: string,
  result: 'paid' | 'declined',
  providerRef: string | null,
  now: Date = new Date(),
): Promise<SettleResult> {
  // One transaction: a crash can never leave a payment marked paid with its booking unconfirmed.
  return store.tx(async (trx) => {
    const p = await forUpdate(
      trx.selectFrom('payments').selectAll().where('code', '=', code),
      store.dialect,
    ).executeTakeFirst();
    if (!p) throw new DomainError('not_found', `payment ${code} does not exist`);
    const bookingOf = () =>
      trx.selectFrom('bookings').selectAll().where('id', '=', p.booking_id).executeTakeFirstOrThrow();
    if (p.status !== 'pending') return { payment: p, booking: await bookingOf(), outcome: 'unchanged' as const };
    const at = iso(now);
    if (result === 'declined') {
      const payment = await trx
        .updateTable('payments')
        .set({ status: 'declined', provider_ref: providerRef, updated_at: at })
        .where('id', '=', p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const booking = await bookingOf();
      await emitEvent(trx, 'payment.failed', booking, now, { payment });
      return { payment, booking, outcome: 'declined' as const };
    }
    const confirmed = await confirmIn(trx, store, p.booking_id, now);
    const status = confirmed.outcome === 'refused' ? 'refund_due' : 'paid';
    const payment = await trx
      .updateTable('payments')
      .set({ status, provider_ref: providerRef, updated_at: at })
      .where('id', '=', p.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emitEvent(trx, status === 'paid' ? 'payment.succeeded' : 'payment.refund_due', confirmed.booking, now, {
      payment,
    });
    return { payment, booking: confirmed.booking, outcome: confirmed.outcome };
  });
}

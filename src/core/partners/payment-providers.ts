// Payment providers. A provider hands out a checkout URL for a payment and tells us the
// outcome through a signed notification; only a verified notification settles a payment
// (./payments.ts settlePayment), never a browser returning to a page.
//
// The sandbox provider is built in: its checkout page is served by Careslot itself
// (src/api/payments/) and, when the payer approves or declines, it sends the same signed
// notification a real provider would (docs/payments.md).
import { createHmac } from 'node:crypto';
import type { Config } from '../../config.js';
import { forUpdate, type DialectName } from '../../store/dialect.js';
import type { Store, Tx } from '../../store/index.js';
import type { Booking, Payment } from '../../store/schema.js';
import { DomainError } from '../shared/errors.js';
import { effectiveStatus } from '../scheduling/bookings.js';
import { settlePayment, createPayment, type SettleResult } from '../scheduling/payments.js';
import { cmtSignature, sameSignature } from './signing.js';

export interface PaymentNotification {
  paymentId: string;
  result: 'paid' | 'declined';
  providerRef: string | null;
}
type Headers = Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  name: string;
  /** Where the payer goes to pay. */
  checkoutUrl(payment: Payment): string;
  /** Check a notification's signature and read it; throws DomainError('unauthorized' | 'invalid'). */
  verifyNotification(rawBody: Buffer, headers: Headers, now?: Date): PaymentNotification;
}

export const NOTIFICATION_HEADER = 'careslot-signature';
export const NOTIFICATION_SKEW_SECONDS = 300;

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, the way webhook providers sign. */
export function signNotification(secret: string, body: string, t: number = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${cmtSignature(secret, `${t}.${body}`)}`;
}

const sandboxSecrets = new Map<string, string>();
/** The sandbox provider's signing secret, derived from CARESLOT_SECRET (once per secret: every partner booking asks). */
export function sandboxProviderSecret(config: Pick<Config, 'secret'>): string {
  let derived = sandboxSecrets.get(config.secret);
  if (derived === undefined) {
    derived = createHmac('sha256', config.secret).update('careslot-payments:sandbox-provider').digest('hex');
    sandboxSecrets.set(config.secret, derived);
  }
  return derived;
}

function verifySigned(secret: string, rawBody: Buffer, headers: Headers, now: Date): PaymentNotification {
  const raw = headers[NOTIFICATION_HEADER];
  const header = Array.isArray(raw) ? raw[0] : raw;
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m)
    throw new DomainError(
      'unauthorized',
      `the ${NOTIFICATION_HEADER} header is missing or malformed (expected t=<unix>,v1=<hex>)`,
    );
  const t = Number(m[1]);
  if (Math.abs(t - Math.floor(now.getTime() / 1000)) > NOTIFICATION_SKEW_SECONDS)
    throw new DomainError('unauthorized', 'the notification timestamp is stale');
  if (!sameSignature(cmtSignature(secret, `${t}.${rawBody.toString('utf8')}`), m[2]))
    throw new DomainError('unauthorized', 'the notification signature does not match');
  let body: { payment_id?: unknown; status?: unknown; provider_ref?: unknown };
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new DomainError('invalid', 'the notification body is not JSON');
  }
  if (typeof body.payment_id !== 'string' || (body.status !== 'paid' && body.status !== 'declined')) {
    throw new DomainError('invalid', 'the notification needs payment_id (string) and status ("paid" or "declined")');
  }
  return {
    paymentId: body.payment_id,
    result: body.status,
    providerRef: typeof body.provider_ref === 'string' ? body.provider_ref : null,
  };
}

export const SANDBOX_CHECKOUT_PATH = '/payments/v1/sandbox/checkout';
export const NOTIFICATION_PATH = '/payments/v1/notifications';

export function sandboxProvider(config: Pick<Config, 'secret' | 'publicUrl'>): PaymentProvider & { secret: string } {
  const secret = sandboxProviderSecret(config);
  return {
    name: 'sandbox',
    secret,
    checkoutUrl: (payment) => `${config.publicUrl}${SANDBOX_CHECKOUT_PATH}/${payment.code}`,
    verifyNotification: (rawBody, headers, now = new Date()) => verifySigned(secret, rawBody, headers, now),
  };
}

/** The configured provider (only the sandbox one is built in). */
export function paymentProvider(config: Config, name?: string): PaymentProvider {
  const wanted = name ?? config.paymentProvider;
  if (wanted === config.paymentProvider && wanted === 'sandbox') return sandboxProvider(config);
  // A server without a provider cannot take paid bookings: that is our fault (5000), not the caller's.
  if (name === undefined) throw new Error('no payment provider is configured (PAYMENT_PROVIDER=none)');
  throw new DomainError('not_found', `no payment provider "${name}" is configured`);
}

/** A booking's payment and the provider's checkout page for it. */
export interface Checkout {
  payment: Payment;
  url: string;
}

/**
 * The checkout of a booking inside the caller's transaction, the same for every partner API:
 * its latest payment and the provider's checkout URL. The first call creates a pending
 * payment; a later call (a retried /book) creates a new one when the latest was declined and
 * the booking still holds its seats, so the payer can try again while the hold lasts. Locks
 * the booking row so that concurrent retries create one payment, not two. When the provider
 * cannot give a checkout, the error undoes the caller's transaction.
 */
export async function openCheckout(
  trx: Tx,
  dialect: DialectName,
  booking: Booking,
  provider: PaymentProvider,
  now: Date = new Date(),
): Promise<Checkout> {
  const locked = await forUpdate(
    trx.selectFrom('bookings').select(['status', 'hold_expires_at']).where('id', '=', booking.id),
    dialect,
  ).executeTakeFirst();
  const existing = await trx
    .selectFrom('payments')
    .selectAll()
    .where('booking_id', '=', booking.id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const retry = existing?.status === 'declined' && locked && effectiveStatus(locked, now) === 'held';
  if (existing && !retry) return { payment: existing, url: provider.checkoutUrl(existing) };
  return startCheckout(trx, booking, provider);
}

/**
 * The checkout of a booking written in this same transaction: it has no payment yet and no
 * one else can see it, so its first payment is created without reading or locking anything.
 */
export async function startCheckout(trx: Tx, booking: Booking, provider: PaymentProvider): Promise<Checkout> {
  if (booking.amount_minor === null || !booking.currency)
    throw new DomainError('invalid', 'the booking has no amount to pay');
  const payment = await createPayment(trx, {
    bookingId: booking.id,
    provider: provider.name,
    amountMinor: booking.amount_minor,
    currency: booking.currency,
  });
  return { payment, url: provider.checkoutUrl(payment) };
}

/** Verify a provider's notification and settle the payment it names. */
export async function receiveNotification(
  store: Store,
  provider: PaymentProvider,
  rawBody: Buffer,
  headers: Headers,
  now: Date = new Date(),
): Promise<SettleResult> {
  return settleNotification(store, provider, provider.verifyNotification(rawBody, headers, now), now);
}

/** Settle the payment named by an already verified notification of `provider`. */
export async function settleNotification(
  store: Store,
  provider: PaymentProvider,
  n: PaymentNotification,
  now: Date = new Date(),
): Promise<SettleResult> {
  const payment = await store.db
    .selectFrom('payments')
    .select(['provider'])
    .where('code', '=', n.paymentId)
    .executeTakeFirst();
  if (!payment || payment.provider !== provider.name)
    throw new DomainError('not_found', `payment ${n.paymentId} does not exist`);
  return settlePayment(store, n.paymentId, n.result, n.providerRef, now);
}

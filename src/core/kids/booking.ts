// Kids-vaccination bookings: a partner books one slot of a provider for one child and the
// chosen services; the booking holds its seat until paid (or the hold expires). Rules that
// span several rows (services under the partner's product, offered by the provider, the
// child's age on the visit day) are checked here; capacity only through the core's bookWith(), in the
// same transaction as the booking's payment.
import type { Conn, Store } from '../../store/index.js';
import type { Booking, BookingStatus, Offering, Partner, Payment, Place } from '../../store/schema.js';
import { type BookInput, bookWith, cancel, effectiveStatus, getBooking } from '../scheduling/bookings.js';
import { bookPaidInOne } from '../partners/paid-in-one.js';
import { chainsWrites } from '../../store/dialect.js';
import { DomainError } from '../shared/errors.js';
import { cachedProvider, cachedServices, cachedSlot, type SlotRef } from './catalogue.js';
import type { CheckoutUrls } from '../partners/checkout-urls.js';
import { hasProduct } from '../partners/lookups.js';
import { openCheckout, startCheckout, type Checkout, type PaymentProvider } from '../partners/payment-providers.js';
import { ageInMonths, isIsoDate, wallClock } from '../shared/time.js';

export const KIDS_CHANNEL = 'kids';

export interface Child {
  name: string;
  birth_date: string;
  gender: string;
}
export interface Guardian {
  name: string;
  mobile: string;
}

/** What a partner asks to book: a slot of a provider for one child and some services. */
export interface KidsVisitRequest {
  prdId: string;
  partnerReference: string;
  serviceCodes: string[];
  providerCode: string;
  /** The slot id as the partner sent it (from /browse). */
  slotId: string;
  child: Child;
  guardian: Guardian;
  /** Where checkout sends the payer back (already checked against the partner's origins). */
  checkout?: CheckoutUrls;
}

/** What a kids booking records beside its row (bookings.details). */
export type KidsDetails = {
  prd_id: string;
  services: { id: string; name: string; price_minor: number }[];
  provider: { id: string; name: string; type: string };
  child: Child;
  guardian: Guardian;
  summary: string[];
  checkout?: CheckoutUrls;
};

/** A kids booking with what a reader needs: its details, slot and latest payment. */
export interface KidsVisit {
  booking: Booking;
  /** The status a reader sees (a held booking past its hold is expired). */
  status: BookingStatus;
  details: KidsDetails;
  slot: { id: number; start_at: string; end_at: string };
  payment: Payment | undefined;
}

/** The partner may use this product code (1004 otherwise, so other partners' codes stay unseen). */
export async function requireProduct(store: Store, partner: Partner, prdId: string): Promise<void> {
  if (!(await hasProduct(store.db, partner.id, prdId)))
    throw new DomainError('not_found', `prd_id ${prdId} is not one of your product codes`, { field: 'prd_id' });
}

async function checkChild(child: Child, services: Offering[], slot: SlotRef, place: Place, now: Date): Promise<void> {
  if (!isIsoDate(child.birth_date))
    throw new DomainError('invalid', 'child.birth_date must be a real date in YYYY-MM-DD form', {
      field: 'child.birth_date',
    });
  const visitDay = wallClock(slot.start_at, place.timezone).date;
  if (child.birth_date > wallClock(now, place.timezone).date)
    throw new DomainError('invalid', 'child.birth_date is in the future', { field: 'child.birth_date' });
  const age = ageInMonths(child.birth_date, visitDay);
  for (const s of services) {
    const tooYoung = s.min_age_months !== null && age < s.min_age_months;
    const tooOld = s.max_age_months !== null && age > s.max_age_months;
    if (tooYoung || tooOld) {
      throw new DomainError(
        'invalid',
        `the child is ${age} months old on ${visitDay}, outside the age range of service ${s.code} (${s.name}): ` +
          `${s.min_age_months ?? 0}-${s.max_age_months ?? '∞'} months`,
        { field: 'child.birth_date' },
      );
    }
  }
}

export interface KidsBooked {
  booking: Booking;
  status: BookingStatus;
  checkout: Checkout;
  reused: boolean;
}

/**
 * Book a visit: the seat, the booking and its payment are written in one transaction, so a
 * booking never exists without its payment. The same partner_reference with the same
 * request returns the same booking and payment; with another request it is refused.
 */
export async function bookKidsVisit(
  store: Store,
  partner: Partner,
  input: KidsVisitRequest,
  opts: { holdMinutes: number; provider: PaymentProvider; now?: Date },
): Promise<KidsBooked> {
  const now = opts.now ?? new Date();
  await requireProduct(store, partner, input.prdId);
  const services = await cachedServices(store.db, input.prdId, input.serviceCodes);
  const provider = await cachedProvider(store.db, input.providerCode);
  if (provider?.place.active !== 1)
    throw new DomainError('not_found', `provider ${input.providerCode} does not exist; pick one from /browse`, {
      field: 'provider_id',
    });
  const { place } = provider;
  const offered = new Set(provider.services);
  const missing = services.find((s) => !offered.has(s.code));
  if (missing)
    throw new DomainError(
      'invalid',
      `provider ${place.code} does not offer service ${missing.code}; pick a provider from /browse with these services`,
      { field: 'services' },
    );
  const slotId = /^\d{1,15}$/.test(input.slotId) ? Number(input.slotId) : NaN;
  const slot = Number.isNaN(slotId) ? undefined : await cachedSlot(store.db, slotId);
  if (!slot || slot.place_id !== place.id)
    throw new DomainError(
      'not_found',
      `slot ${input.slotId} does not exist at provider ${place.code}; pick one from /browse`,
      { field: 'slot_id' },
    );
  await checkChild(input.child, services, slot, place, now);

  const amount = services.reduce((sum, s) => sum + (s.price_minor ?? 0), 0);
  const currency = services[0].currency ?? 'SAR';
  const local = wallClock(slot.start_at, place.timezone);
  const details: KidsDetails = {
    prd_id: input.prdId,
    services: services.map((s) => ({ id: s.code, name: s.name, price_minor: s.price_minor ?? 0 })),
    provider: { id: place.code, name: place.name, type: place.kind },
    child: input.child,
    guardian: input.guardian,
    summary: [
      ...services.map((s) => `${s.name}`),
      `${place.name}${place.kind === 'home_visit' ? ' (home visit)' : ''}`,
      `${local.date} ${local.time} (${place.timezone})`,
      `Child: ${input.child.name}`,
    ],
    ...(input.checkout ? { checkout: input.checkout } : {}),
  };
  // What the partner asked for, for idempotency: a retry with the same reference must match it.
  // (The same keys, in the same order, as every stored request_hash was made from.)
  const request = {
    prd_id: input.prdId,
    services: [...input.serviceCodes].sort(),
    provider_id: input.providerCode,
    slot_id: input.slotId,
    child: input.child,
    guardian: input.guardian,
    // Absent (and so not hashed) when no URL was sent: earlier bookings keep their hashes.
    checkout: input.checkout,
  };
  const asked: BookInput = {
    slotId: slot.id,
    // Read above, outside the booking's transaction: its start holds, its capacity may not.
    slot: { id: slot.id, start_at: slot.start_at },
    status: 'held',
    holdMinutes: opts.holdMinutes,
    channel: KIDS_CHANNEL,
    ownerId: partner.code,
    partnerReference: input.partnerReference,
    request,
    amountMinor: amount,
    currency,
    details,
    now,
  };
  // PostgreSQL: the seat, the booking and its payment in one statement when nothing else is
  // needed (../partners/paid-in-one.ts); otherwise, and on SQLite, in a transaction.
  const one = chainsWrites(store.dialect) ? await bookPaidInOne(store, asked, opts.provider) : undefined;
  if (one)
    return { booking: one.booking, status: effectiveStatus(one.booking, now), checkout: one.checkout, reused: false };
  const { booking, reused, attached } = await bookWith(store, asked, (trx, b, created) =>
    created ? startCheckout(trx, b, opts.provider) : openCheckout(trx, store.dialect, b, opts.provider, now),
  );
  return { booking, status: effectiveStatus(booking, now), checkout: attached, reused };
}

/** A kids booking of this partner; 1004 for anyone else's (existence is not revealed). */
async function partnerBooking(store: Store, partner: Partner, code: string): Promise<Booking> {
  const b = await getBooking(store.db, { code });
  if (!b || b.channel !== KIDS_CHANNEL || b.owner_id !== partner.code)
    throw new DomainError('not_found', `booking ${code} does not exist`, { field: 'booking_id' });
  return b;
}

async function loadVisit(db: Conn, b: Booking, now: Date): Promise<KidsVisit> {
  const slot = await db
    .selectFrom('slots')
    .select(['id', 'start_at', 'end_at'])
    .where('id', '=', b.slot_id)
    .executeTakeFirstOrThrow();
  const payment = await db
    .selectFrom('payments')
    .selectAll()
    .where('booking_id', '=', b.id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return { booking: b, status: effectiveStatus(b, now), details: JSON.parse(b.details) as KidsDetails, slot, payment };
}

/** One of the partner's kids bookings. */
export async function partnerVisit(
  store: Store,
  partner: Partner,
  code: string,
  now: Date = new Date(),
): Promise<KidsVisit> {
  return loadVisit(store.db, await partnerBooking(store, partner, code), now);
}

/** Cancel one of the partner's kids bookings; its seat returns to availability. */
export async function cancelKidsVisit(
  store: Store,
  partner: Partner,
  code: string,
  now: Date = new Date(),
): Promise<KidsVisit> {
  const b = await partnerBooking(store, partner, code);
  return loadVisit(store.db, await cancel(store, b.id, now), now);
}

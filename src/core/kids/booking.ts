// Kids-vaccination bookings: a partner books one slot of a provider for one child and the
// chosen services; the booking holds its seat until paid (or the hold expires). Rules that
// span several rows (services under the partner's product, offered by the provider, the
// child's age on the visit day) are checked here; capacity only through the core's book().
import type { Store } from '../../store/index.js';
import type { Booking, Offering, Partner, Payment, Place, Slot } from '../../store/schema.js';
import { book, cancel, effectiveStatus, getBooking } from '../scheduling/bookings.js';
import { DomainError } from '../shared/errors.js';
import { findProvider, providerServices, requireServices } from './catalogue.js';
import { maskTail } from '../shared/mask.js';
import { money, type Money } from '../partners/money.js';
import { hasProduct } from '../partners/partners.js';
import { ensurePayment, type PaymentProvider } from '../partners/payment-providers.js';
import { ageInMonths, isIsoDate, wallClock } from '../shared/time.js';

export const KIDS_CHANNEL = 'kids';

export interface KidsBookInput {
  prd_id: string;
  partner_reference: string;
  services: string[];
  provider_id: string;
  slot_id: string;
  child: { name: string; birth_date: string; gender: string };
  guardian: { name: string; mobile: string };
}

interface KidsDetails {
  prd_id: string;
  services: { id: string; name: string; price_minor: number }[];
  provider: { id: string; name: string; type: string };
  child: KidsBookInput['child'];
  guardian: KidsBookInput['guardian'];
  summary: string[];
}

/** The partner may use this product code (1004 otherwise, so other partners' codes stay unseen). */
export async function requireProduct(store: Store, partner: Partner, prdId: string): Promise<void> {
  if (!(await hasProduct(store.db, partner.id, prdId))) throw new DomainError('not_found', `prd_id ${prdId} is not one of your product codes`, { field: 'prd_id' });
}

async function checkChild(child: KidsBookInput['child'], services: Offering[], slot: Slot, place: Place, now: Date): Promise<void> {
  if (!isIsoDate(child.birth_date)) throw new DomainError('invalid', 'child.birth_date must be a real date in YYYY-MM-DD form', { field: 'child.birth_date' });
  const visitDay = wallClock(slot.start_at, place.timezone).date;
  if (child.birth_date > wallClock(now, place.timezone).date) throw new DomainError('invalid', 'child.birth_date is in the future', { field: 'child.birth_date' });
  const age = ageInMonths(child.birth_date, visitDay);
  for (const s of services) {
    const tooYoung = s.min_age_months !== null && age < s.min_age_months;
    const tooOld = s.max_age_months !== null && age > s.max_age_months;
    if (tooYoung || tooOld) {
      throw new DomainError('invalid', `the child is ${age} months old on ${visitDay}, outside the age range of service ${s.code} (${s.name}): ` +
        `${s.min_age_months ?? 0}-${s.max_age_months ?? '∞'} months`, { field: 'child.birth_date' });
    }
  }
}

export interface KidsBookResult { booking: Booking; payment: Payment; reused: boolean }

export async function bookKids(store: Store, partner: Partner, input: KidsBookInput, opts: { holdMinutes: number; provider: PaymentProvider; now?: Date }): Promise<KidsBookResult> {
  const now = opts.now ?? new Date();
  await requireProduct(store, partner, input.prd_id);
  const services = await requireServices(store.db, input.prd_id, input.services);
  const place = await findProvider(store.db, input.provider_id);
  if (!place || place.active !== 1) throw new DomainError('not_found', `provider ${input.provider_id} does not exist; pick one from /browse`, { field: 'provider_id' });
  const offered = new Set(await providerServices(store.db, place.id));
  const missing = services.find((s) => !offered.has(s.code));
  if (missing) throw new DomainError('invalid', `provider ${place.code} does not offer service ${missing.code}; pick a provider from /browse with these services`, { field: 'services' });
  const slotId = /^\d{1,15}$/.test(input.slot_id) ? Number(input.slot_id) : NaN;
  const slot = Number.isNaN(slotId) ? undefined : await store.db.selectFrom('slots').selectAll().where('id', '=', slotId).executeTakeFirst();
  if (!slot || slot.place_id !== place.id) throw new DomainError('not_found', `slot ${input.slot_id} does not exist at provider ${place.code}; pick one from /browse`, { field: 'slot_id' });
  await checkChild(input.child, services, slot, place, now);

  const amount = services.reduce((sum, s) => sum + (s.price_minor ?? 0), 0);
  const currency = services[0].currency ?? 'SAR';
  const local = wallClock(slot.start_at, place.timezone);
  const details: KidsDetails = {
    prd_id: input.prd_id,
    services: services.map((s) => ({ id: s.code, name: s.name, price_minor: s.price_minor ?? 0 })),
    provider: { id: place.code, name: place.name, type: place.kind },
    child: input.child, guardian: input.guardian,
    summary: [...services.map((s) => `${s.name}`), `${place.name}${place.kind === 'home_visit' ? ' (home visit)' : ''}`,
      `${local.date} ${local.time} (${place.timezone})`, `Child: ${input.child.name}`],
  };
  // What the partner asked for, for idempotency: a retry with the same reference must match it.
  const request = { prd_id: input.prd_id, services: [...input.services].sort(), provider_id: input.provider_id, slot_id: input.slot_id, child: input.child, guardian: input.guardian };
  const { booking, reused } = await book(store, {
    slotId: slot.id, status: 'held', holdMinutes: opts.holdMinutes, channel: KIDS_CHANNEL, ownerId: partner.code,
    partnerReference: input.partner_reference, request, amountMinor: amount, currency, details: details as unknown as Record<string, unknown>, now,
  });
  const payment = await ensurePayment(store, booking, opts.provider);
  return { booking, payment, reused };
}

/** A kids booking of this partner; 1004 for anyone else's (existence is not revealed). */
export async function partnerBooking(store: Store, partner: Partner, code: string): Promise<Booking> {
  const b = await getBooking(store.db, { code });
  if (!b || b.channel !== KIDS_CHANNEL || b.owner_id !== partner.code) throw new DomainError('not_found', `booking ${code} does not exist`, { field: 'booking_id' });
  return b;
}

export async function cancelKids(store: Store, partner: Partner, code: string, now: Date = new Date()): Promise<Booking> {
  const b = await partnerBooking(store, partner, code);
  return cancel(store, b.id, now);
}

export interface KidsBookingView {
  booking_id: string;
  status: string;
  partner_reference: string | null;
  prd_id: string;
  services: { id: string; name: string; price: Money }[];
  provider: { id: string; name: string; type: string };
  slot: { id: string; start: string; end: string };
  child: KidsBookInput['child'];
  guardian: { name: string; mobile: string };
  amount: Money;
  payment: { payment_id: string; status: string; payment_url: string } | null;
  expires_at: string | null;
  created_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
}

export async function kidsBookingView(store: Store, b: Booking, provider: PaymentProvider, now: Date = new Date()): Promise<KidsBookingView> {
  const d = JSON.parse(b.details) as KidsDetails;
  const slot = await store.db.selectFrom('slots').select(['id', 'start_at', 'end_at']).where('id', '=', b.slot_id).executeTakeFirstOrThrow();
  const payment = await store.db.selectFrom('payments').selectAll().where('booking_id', '=', b.id).orderBy('id', 'desc').executeTakeFirst();
  const status = effectiveStatus(b, now);
  const currency = b.currency ?? 'SAR';
  return {
    booking_id: b.code, status, partner_reference: b.partner_reference, prd_id: d.prd_id,
    services: d.services.map((s) => ({ id: s.id, name: s.name, price: money(s.price_minor, currency) })),
    provider: d.provider,
    slot: { id: String(slot.id), start: slot.start_at, end: slot.end_at },
    child: d.child,
    guardian: { name: d.guardian.name, mobile: maskTail(d.guardian.mobile) },
    amount: money(b.amount_minor ?? 0, currency),
    payment: payment ? { payment_id: payment.code, status: payment.status, payment_url: provider.checkoutUrl(payment) } : null,
    expires_at: b.status === 'held' ? b.hold_expires_at : null,
    created_at: b.created_at, confirmed_at: b.confirmed_at, cancelled_at: b.cancelled_at,
  };
}

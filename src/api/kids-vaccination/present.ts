// Kids bookings between the API's shapes and the core's, in one place. The guardian's mobile
// is always masked.
import { checkoutUrls } from '../../core/partners/checkout-urls.js';
import type { Partner } from '../../store/schema.js';
import type { KidsBooked, KidsVisit, KidsVisitRequest } from '../../core/kids/booking.js';
import { money, type Money } from '../../core/partners/money.js';
import type { PaymentProvider } from '../../core/partners/payment-providers.js';
import { maskTail } from '../../core/shared/mask.js';
import type { KidsBookInput } from './schemas.js';

/** The body of POST /book as the core's request. */
export function visitRequest(body: KidsBookInput, partner: Partner): KidsVisitRequest {
  return {
    checkout: checkoutUrls(partner, { return_url: body.return_url, cancel_url: body.cancel_url }),
    prdId: body.prd_id,
    partnerReference: body.partner_reference,
    serviceCodes: body.services,
    providerCode: body.provider_id,
    slotId: body.slot_id,
    child: body.child,
    guardian: body.guardian,
  };
}

/** GET /bookings/{booking_id} and /cancel (schema KidsBooking). */
export interface KidsBookingView {
  booking_id: string;
  status: string;
  partner_reference: string | null;
  prd_id: string;
  services: { id: string; name: string; price: Money }[];
  provider: { id: string; name: string; type: string };
  slot: { id: string; start: string; end: string };
  child: { name: string; birth_date: string; gender: string };
  guardian: { name: string; mobile: string };
  amount: Money;
  payment: { payment_id: string; status: string; payment_url: string } | null;
  expires_at: string | null;
  created_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
}

const amountOf = (b: KidsVisit['booking']) => money(b.amount_minor ?? 0, b.currency ?? 'SAR');
/** An unpaid hold gives its seat back at `expires_at`; other bookings have none. */
const expiresAt = (b: KidsVisit['booking']) => (b.status === 'held' ? b.hold_expires_at : null);

export function kidsBookingView(v: KidsVisit, provider: Pick<PaymentProvider, 'checkoutUrl'>): KidsBookingView {
  const { booking: b, details: d } = v;
  const currency = b.currency ?? 'SAR';
  return {
    booking_id: b.code,
    status: v.status,
    partner_reference: b.partner_reference,
    prd_id: d.prd_id,
    services: d.services.map((s) => ({ id: s.id, name: s.name, price: money(s.price_minor, currency) })),
    provider: d.provider,
    slot: { id: String(v.slot.id), start: v.slot.start_at, end: v.slot.end_at },
    child: d.child,
    guardian: { name: d.guardian.name, mobile: maskTail(d.guardian.mobile) },
    amount: amountOf(b),
    payment: v.payment
      ? { payment_id: v.payment.code, status: v.payment.status, payment_url: provider.checkoutUrl(v.payment) }
      : null,
    expires_at: expiresAt(b),
    created_at: b.created_at,
    confirmed_at: b.confirmed_at,
    cancelled_at: b.cancelled_at,
  };
}

/** The answer of POST /book (schema of BookedSchema). */
export function bookedView(r: KidsBooked, partnerReference: string) {
  return {
    booking_id: r.booking.code,
    status: r.status,
    partner_reference: partnerReference,
    payment_id: r.checkout.payment.code,
    payment_url: r.checkout.url,
    expires_at: expiresAt(r.booking),
    amount: amountOf(r.booking),
  };
}

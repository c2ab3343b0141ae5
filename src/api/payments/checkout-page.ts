// The sandbox provider's checkout page: plain, accessible HTML (no scripts) with what is paid
// for and two buttons that POST action=approve | action=decline to the same URL. A booking
// made with `return_url` / `cancel_url` gets the payer back to the partner's app: after paying
// to return_url, after declining or cancelling to cancel_url, with `booking_id` and `outcome`
// (paid | refund_due | declined | cancelled) added to the URL's query.
import type { Booking, Payment } from '../../store/schema.js';
import { checkoutUrlsOf } from '../../core/partners/checkout-urls.js';
import { displayMoney } from '../../core/partners/money.js';

export type CheckoutOutcome = 'paid' | 'refund_due' | 'declined' | 'cancelled';

/** Where the payer goes back to after `outcome`, or undefined when the booking gave no URL for it. */
export function backUrl(booking: Booking, outcome: string): string | undefined {
  const urls = checkoutUrlsOf(booking.details);
  const base =
    outcome === 'paid' || outcome === 'refund_due'
      ? urls.return_url
      : outcome === 'declined' || outcome === 'cancelled'
        ? urls.cancel_url
        : undefined;
  if (!base) return undefined;
  const u = new URL(base);
  u.searchParams.set('booking_id', booking.code);
  u.searchParams.set('outcome', outcome);
  return u.href;
}

/** The page's Content-Security-Policy: forms post only to the page, whose answer may redirect to the booking's origins. */
export function checkoutCsp(booking: Booking): string {
  const urls = checkoutUrlsOf(booking.details);
  const origins = [...new Set([urls.return_url, urls.cancel_url].filter((u) => u).map((u) => new URL(u!).origin))];
  return `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${origins.map((o) => ` ${o}`).join('')}; frame-ancestors 'none'; base-uri 'none'`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Lines describing what is paid for: `details.summary` of the booking (set by the dialect). */
export function summaryLines(booking: Booking): string[] {
  try {
    const d = JSON.parse(booking.details) as { summary?: unknown };
    return Array.isArray(d.summary) ? d.summary.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const STATE_TEXT: Record<string, string> = {
  paid: 'Payment approved. The booking is confirmed.',
  declined: 'Payment declined. Nothing was charged; the booking is not confirmed.',
  refund_due:
    'Payment received after the booking could no longer be confirmed (its hold expired and the seat was taken). The payment is recorded for refund.',
  refunded: 'This payment was refunded.',
};

const link = (href: string | undefined, text: string) =>
  href ? `\n    <p><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></p>` : '';

export function checkoutPage(p: { payment: Payment; booking: Booking; holdExpired: boolean; action: string }): string {
  const { payment, booking } = p;
  const amount = displayMoney(payment.amount_minor, payment.currency);
  const lines = summaryLines(booking)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('');
  const body =
    payment.status === 'pending'
      ? `${p.holdExpired ? '<p role="alert">The booking\'s hold has expired. If you pay now, it is confirmed only if its seat is still free; otherwise the payment is recorded for refund.</p>' : ''}
    <form method="post" action="${escapeHtml(p.action)}">
      <button type="submit" name="action" value="approve">Pay ${escapeHtml(amount)}</button>
      <button type="submit" name="action" value="decline" class="secondary">Decline</button>
    </form>${link(backUrl(booking, 'cancelled'), 'Cancel and return to the app')}`
      : `<p role="status">${escapeHtml(STATE_TEXT[payment.status] ?? `Payment ${payment.status}.`)}</p>${link(backUrl(booking, payment.status), 'Return to the app')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Careslot sandbox checkout – ${escapeHtml(amount)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  .note { background: #fff4d6; padding: .5rem .75rem; border-radius: .25rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .5rem 0; }
  button { font-size: 1.1rem; padding: .6rem 1.2rem; margin-right: .5rem; border-radius: .3rem; border: 2px solid #0b5cad; background: #0b5cad; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #0b5cad; }
  button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
</style>
</head>
<body>
<main>
  <h1>Sandbox checkout</h1>
  <p class="note">This is Careslot's built-in sandbox payment page. No money moves.</p>
  <h2>You are paying for</h2>
  <ul>${lines || `<li>Booking ${escapeHtml(booking.code)}</li>`}</ul>
  <p class="amount" aria-label="Amount">${escapeHtml(amount)}</p>
  <p>Payment <code>${escapeHtml(payment.code)}</code> for booking <code>${escapeHtml(booking.code)}</code></p>
  ${body}
</main>
</body>
</html>
`;
}

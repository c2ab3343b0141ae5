// What the console's money and dashboard pages are built from: refund_due payments, holds about
// to run out (core/scheduling/oversight.ts), and per-minute rates from the /metrics registry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Rates, totals } from '../../src/api/console/dashboard.js';
import { book, cancel } from '../../src/core/scheduling/bookings.js';
import { holdsExpiring, refundsDue } from '../../src/core/scheduling/oversight.js';
import { createPayment } from '../../src/core/scheduling/payments.js';
import { createMetrics } from '../../src/observability.js';
import { createCentre } from '../cowin/appointment-fixtures.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { FORM, form, session } from './fixtures.js';

describe('console oversight: refunds, holds, dashboard', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t?.close());

  it('lists holds running out within the window, and payments owed back', async () => {
    const centre = await createCentre(t.store, [5]);
    const now = new Date(Date.parse(centre.slots[0].start_at) - 6 * 3_600_000);
    const held = (
      await book(t.store, { slotId: centre.slots[0].id, status: 'held', holdMinutes: 10, channel: 'kids', now })
    ).booking;
    const paid = (await book(t.store, { slotId: centre.slots[0].id, status: 'confirmed', channel: 'kids', now }))
      .booking;
    const pay = await createPayment(t.store.db, {
      bookingId: paid.id,
      provider: 'sandbox',
      amountMinor: 9050,
      currency: 'SAR',
    });
    await t.store.db.updateTable('payments').set({ status: 'paid' }).where('id', '=', pay.id).execute();
    await cancel(t.store, paid.id, now);

    const soon = await holdsExpiring(t.store.db, now, 15);
    assert.deepEqual(
      soon.filter((h) => h.booking === held.code).map((h) => [h.seats, h.channel, h.expires_at]),
      [[1, 'kids', new Date(now.getTime() + 10 * 60_000).toISOString()]],
    );
    assert.equal(
      (await holdsExpiring(t.store.db, now, 5)).filter((h) => h.booking === held.code).length,
      0,
      'not within 5 min',
    );
    const later = new Date(now.getTime() + 11 * 60_000);
    assert.equal(
      (await holdsExpiring(t.store.db, later, 15)).filter((h) => h.booking === held.code).length,
      0,
      'already expired',
    );

    const refunds = await refundsDue(t.store.db);
    assert.deepEqual(
      refunds.filter((r) => r.booking === paid.code).map((r) => [r.payment, r.amount_minor, r.currency]),
      [[pay.code, 9050, 'SAR']],
    );
    const admin = await session(t, 'admin');
    const page = await t.app.inject({ method: 'GET', url: '/console/money', headers: { cookie: admin.cookie } });
    assert.match(page.body, new RegExp(`<td>${pay.code}</td><td>${paid.code}</td><td>kids</td>\\s*<td>SAR 90.50</td>`));
  });

  it('counts bookings, availability reads and server errors from the metrics registry', async () => {
    const m = createMetrics();
    const seen = (route: string, status: number) =>
      m.httpDuration.observe({ method: 'GET', route, status_code: String(status) }, 0.01);
    for (let i = 0; i < 3; i++) seen('/kids-vaccination/v1/book', 200);
    seen('/api/v1/appointment/scheduleAppointment', 200);
    seen('/api/v1/appointment/scheduleAppointment', 409);
    seen('/api/v1/appointment/centers/findByPincode', 200);
    seen('/kids-vaccination/v1/browse', 200);
    seen('/video-consultation/v1/slots', 404);
    seen('/api/v1/auth/guest/login', 500);
    const got = await totals(m, 1000);
    assert.deepEqual(got, { at: 1000, bookings: 4, reads: 2, errors: 1 });
  });

  it('turns samples into per-minute rates once two are at least 5 s apart', () => {
    const r = new Rates();
    const s = (at: number, bookings: number) => ({ at, bookings, reads: bookings * 10, errors: 0 });
    r.add(s(0, 0));
    assert.equal(r.perMinute(s(2000, 1)), undefined, 'too soon for a rate');
    r.add(s(30_000, 5));
    assert.deepEqual(r.perMinute(s(30_000, 5)), { bookings: 10, reads: 100, errors: 0 });
    r.add(s(200_000, 5));
    assert.equal(r.perMinute(s(200_000, 5)), undefined, 'old samples are dropped');
  });

  it('serves the dashboard and its numbers fragment to any operator', async () => {
    const facility = await session(t, 'facility');
    const frag = await t.app.inject({
      method: 'GET',
      url: '/console/dashboard/numbers',
      headers: { cookie: facility.cookie },
    });
    assert.equal(frag.statusCode, 200);
    assert.match(frag.body, /^<div id="numbers" hx-get="\/console\/dashboard\/numbers" hx-trigger="every 5s"/);
    const keys = await t.app.inject({
      method: 'POST',
      url: '/console/partners',
      headers: { ...FORM, cookie: facility.cookie },
      payload: form({ _csrf: facility.csrf, name: 'x' }),
    });
    assert.equal(keys.statusCode, 403, 'a facility operator cannot create partners');
  });
});

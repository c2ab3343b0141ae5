// A kids booking never exists without its payment: seat, booking and payment are written in
// one transaction, so a payment provider that fails while the booking is made leaves nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { visitRequest } from '../../src/api/kids-vaccination/present.js';
import { bookKidsVisit } from '../../src/core/kids/booking.js';
import { partnerByToken } from '../../src/core/partners/lookups.js';
import { sandboxProvider, type PaymentProvider } from '../../src/core/partners/payment-providers.js';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import type { Partner } from '../../src/store/schema.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { P, bookBody, browseFor } from './fixtures.js';

describe('kids /book: booking and payment in one transaction', () => {
  let t: TestApp;
  let a: PartnerClient;
  let partner: Partner;
  before(async () => {
    t = await testApp();
    a = sandboxPartner(t.app, t.config);
    partner = (await partnerByToken(t.store.db, sandboxPartnerCredentials(t.config).token))!;
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  /** A booking of a home visit's slot number `n` for a girl: its body, its core request, and its slot's `booked`. */
  async function homeVisit(n: number) {
    const [pr] = (await browseFor(a, ['kv-hexa'])).filter((x) => x.type === 'home_visit');
    const body = bookBody({ provider_id: pr.id, slot_id: pr.slots[n].id });
    const request = visitRequest({ ...body, child: { ...body.child, gender: 'female' } }, partner);
    const slotRow = () =>
      t.store.db.selectFrom('slots').select('booked').where('id', '=', Number(body.slot_id)).executeTakeFirstOrThrow();
    return { body, request, slotRow };
  }

  it('a payment provider failing inside the transaction leaves neither booking, payment nor seat taken; a retry then books', async () => {
    const { body, request, slotRow } = await homeVisit(0);
    const bookedBefore = (await slotRow()).booked;
    const failing: PaymentProvider = {
      ...sandboxProvider(t.config),
      checkoutUrl: () => {
        throw new Error('payment provider unavailable');
      },
    };

    await assert.rejects(
      bookKidsVisit(t.store, partner, request, { holdMinutes: 15, provider: failing }),
      /payment provider unavailable/,
    );
    const rows = await t.store.db
      .selectFrom('bookings')
      .select('id')
      .where('partner_reference', '=', body.partner_reference)
      .execute();
    assert.equal(rows.length, 0, 'no booking without its payment');
    assert.equal((await slotRow()).booked, bookedBefore, 'no seat taken');
    await assertSeatInvariant(t.store);

    // The partner retries through the API with the same reference: a fresh booking with its payment.
    const res = await a.post(`${P}/book`, body);
    assert.equal(res.statusCode, 200, res.body);
    const info = res.json().data.info;
    assert.equal(res.json().message, 'booking held; awaiting payment', 'a new booking, not a reused one');
    const payments = await t.store.db
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select(['payments.code'])
      .where('bookings.code', '=', info.booking_id)
      .execute();
    assert.deepEqual(
      payments.map((p) => p.code),
      [info.payment_id],
    );
    assert.equal((await slotRow()).booked, bookedBefore + 1);
    // And a retry of that returns the same booking and payment URL.
    const again = (await a.post(`${P}/book`, body)).json().data.info;
    assert.equal(again.booking_id, info.booking_id);
    assert.equal(again.payment_url, info.payment_url);
  });

  it('gives back the booking and payment exactly as stored, its seat taken once (on PostgreSQL, by one statement)', async () => {
    const { request, slotRow } = await homeVisit(1);
    const bookedBefore = (await slotRow()).booked;
    const provider = sandboxProvider(t.config);
    const made = await bookKidsVisit(t.store, partner, request, { holdMinutes: 15, provider });
    assert.equal(made.reused, false);
    assert.equal(made.status, 'held');
    const stored = await t.store.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', made.booking.id)
      .executeTakeFirst();
    assert.deepEqual(made.booking, stored);
    const payment = await t.store.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', made.checkout.payment.id)
      .executeTakeFirst();
    assert.deepEqual(made.checkout.payment, payment);
    assert.equal(payment?.booking_id, made.booking.id);
    assert.equal(made.checkout.url, provider.checkoutUrl(payment!));
    assert.equal((await slotRow()).booked, bookedBefore + 1);
    // The same request again is the same booking and payment, nothing more written.
    const again = await bookKidsVisit(t.store, partner, request, { holdMinutes: 15, provider });
    assert.equal(again.reused, true);
    assert.equal(again.booking.id, made.booking.id);
    assert.equal(again.checkout.payment.id, made.checkout.payment.id);
    assert.equal((await slotRow()).booked, bookedBefore + 1);
  });
});

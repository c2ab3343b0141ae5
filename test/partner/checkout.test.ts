// Checkout for both partner APIs: a booking's return_url and cancel_url, checked against the
// partner's registered origins, bring the payer back to the partner's app from the checkout
// page; after a decline, retrying /book opens a new payment while the hold lasts, the same
// way in kids vaccination and video consultation (core openCheckout).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setCheckoutOrigins } from '../../src/core/partners/checkout-urls.js';
import { openCheckout, sandboxProvider } from '../../src/core/partners/payment-providers.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { newPartner, type PartnerClient } from '../helpers/partner.js';
import { P as K, bookBody as kidsBody, browseFor } from '../kids-vaccination/fixtures.js';
import { V, bookBody as videoBody, freeSlots, roundTheClockDoctor } from '../video-consultation/api-helpers.js';

const APP = 'https://app.example.com';
const RETURN = `${APP}/done?order=7`;
const CANCEL = `${APP}/cancelled`;

describe('checkout: the way back and a retry after a decline', () => {
  let t: TestApp;
  let a: PartnerClient & { id: string };
  let doctor: string;
  before(async () => {
    t = await testApp();
    a = await newPartner(t.app, t.store, t.config, 'Checkout partner', ['KV-SANDBOX']);
    await setCheckoutOrigins(t.store.db, a.id, { add: [APP] });
    doctor = (await roundTheClockDoctor(t.store, { fee: 9000 })).code;
  });
  after(async () => {
    await t.close();
  });

  let kidsSlot = 0;
  async function kidsBook(extra: Record<string, unknown> = {}) {
    const [pr] = (await browseFor(a, ['kv-hexa'])).filter((x) => x.type === 'clinic');
    const body = kidsBody({ provider_id: pr.id, slot_id: pr.slots[kidsSlot++].id, ...extra });
    return { body, res: await a.post(`${K}/book`, body) };
  }
  let videoSlot = 0;
  async function videoBook(extra: Record<string, unknown> = {}) {
    const slots = await freeSlots(t.app, doctor);
    const body = videoBody(doctor, slots[videoSlot++].slot_id, extra);
    return { body, res: await a.post(`${V}/book`, body) };
  }
  const form = (url: string, action: 'approve' | 'decline') =>
    t.app.inject({
      method: 'POST',
      url: new URL(url).pathname,
      payload: `action=${action}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  for (const [api, book] of [
    ['kids', kidsBook],
    ['video', videoBook],
  ] as const) {
    it(`${api}: a return_url or cancel_url off the registered origins is refused, naming the field`, async () => {
      const { res } = await book({ return_url: 'https://evil.example/done', cancel_url: CANCEL });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), {
        status: 1001,
        message:
          'return_url is on https://evil.example, which is not registered for your partner account (registered: https://app.example.com); ask the operator to add it',
        data: { info: { fields: ['return_url'] } },
      });
      const bad = (await book({ cancel_url: 'javascript:alert(1)' })).res;
      assert.equal(bad.json().message, 'cancel_url must be an absolute http(s) URL like https://app.example.com/done');
    });

    it(`${api}: paying sends the payer to return_url with booking_id and outcome`, async () => {
      const { res } = await book({ return_url: RETURN, cancel_url: CANCEL });
      assert.equal(res.statusCode, 200, res.body);
      const { booking_id, payment_url } = res.json().data.info;
      const page = await t.app.inject({ url: new URL(payment_url).pathname });
      assert.match(page.body, new RegExp(`href="${CANCEL}\\?booking_id=${booking_id}&amp;outcome=cancelled"`));
      assert.match(String(page.headers['content-security-policy']), /form-action 'self' https:\/\/app\.example\.com;/);
      const paid = await form(payment_url, 'approve');
      assert.equal(paid.statusCode, 303);
      assert.equal(paid.headers.location, `${APP}/done?order=7&booking_id=${booking_id}&outcome=paid`);
      const again = await t.app.inject({ url: new URL(payment_url).pathname });
      assert.match(
        again.body,
        new RegExp(`href="${APP}/done\\?order=7&amp;booking_id=${booking_id}&amp;outcome=paid"`),
      );
    });

    it(`${api}: declining sends the payer to cancel_url; retrying /book opens a new payment that can be paid`, async () => {
      const { body, res } = await book({ return_url: RETURN, cancel_url: CANCEL });
      const first = res.json().data.info;
      const declined = await form(first.payment_url, 'decline');
      assert.equal(declined.statusCode, 303);
      assert.equal(declined.headers.location, `${CANCEL}?booking_id=${first.booking_id}&outcome=declined`);

      const retry = (await a.post(`${api === 'kids' ? K : V}/book`, body)).json();
      assert.equal(retry.status, 1000, JSON.stringify(retry));
      assert.equal(retry.data.info.booking_id, first.booking_id);
      assert.notEqual(retry.data.info.payment_url, first.payment_url);
      const again = (await a.post(`${api === 'kids' ? K : V}/book`, body)).json();
      assert.equal(again.data.info.payment_url, retry.data.info.payment_url, 'one new payment, not one per retry');
      const payments = await t.store.db
        .selectFrom('payments')
        .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
        .select('payments.status')
        .where('bookings.code', '=', first.booking_id)
        .orderBy('payments.id')
        .execute();
      assert.deepEqual(
        payments.map((p) => p.status),
        ['declined', 'pending'],
      );
      assert.equal((await form(retry.data.info.payment_url, 'approve')).statusCode, 303);
      const row = await t.store.db
        .selectFrom('bookings')
        .select('status')
        .where('code', '=', first.booking_id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'confirmed');
    });
  }

  it('without URLs the checkout page shows the outcome itself, as before', async () => {
    const { res } = await kidsBook();
    const { payment_url } = res.json().data.info;
    const paid = await form(payment_url, 'approve');
    assert.equal(paid.headers.location, new URL(payment_url).pathname);
    const page = await t.app.inject({ url: new URL(payment_url).pathname });
    assert.doesNotMatch(page.body, /Return to the app/);
  });

  it('once the hold has run out, a declined payment is not renewed (the booking is expired)', async () => {
    const { res } = await kidsBook();
    const info = res.json().data.info;
    await form(info.payment_url, 'decline');
    const booking = await t.store.db
      .selectFrom('bookings')
      .selectAll()
      .where('code', '=', info.booking_id)
      .executeTakeFirstOrThrow();
    const late = new Date(Date.parse(booking.hold_expires_at!) + 1000);
    const provider = sandboxProvider(t.config);
    const checkout = await t.store.tx((trx) => openCheckout(trx, t.store.dialect, booking, provider, late));
    assert.equal(checkout.payment.status, 'declined');
    const inTime = new Date(Date.parse(booking.hold_expires_at!) - 1000);
    const renewed = await t.store.tx((trx) => openCheckout(trx, t.store.dialect, booking, provider, inTime));
    assert.equal(renewed.payment.status, 'pending');
  });
});

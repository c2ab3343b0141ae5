// Hold-until-paid: the sandbox checkout page, the signed notification endpoint, late
// payments after expiry, and refunds on cancel.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  NOTIFICATION_HEADER,
  sandboxProviderSecret,
  signNotification,
} from '../../src/core/partners/payment-providers.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { newPartner, sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { P, bookBody, browseFor } from './fixtures.js';

describe('kids payments', () => {
  let t: TestApp;
  let a: PartnerClient;
  let b: PartnerClient;
  before(async () => {
    t = await testApp();
    a = sandboxPartner(t.app, t.config);
    b = await newPartner(t.app, t.store, t.config, 'B', ['KV-SANDBOX']);
  });
  after(async () => {
    await t.close();
  });

  let skip = 0;
  async function held() {
    const providers = (await browseFor(a, ['kv-hexa'])).filter((x) => x.type === 'home_visit');
    const all = providers.flatMap((pr) => pr.slots.map((s) => ({ provider_id: pr.id, slot_id: s.id })));
    const slot = all[skip++ % 3];
    const info = (await a.post(`${P}/book`, bookBody(slot))).json().data.info;
    assert.ok(info, 'booked');
    return { ...info, slot, path: new URL(info.payment_url).pathname, paymentId: info.payment_id as string };
  }
  const page = (path: string) => t.app.inject({ method: 'GET', url: path });
  const submit = (path: string, action: string) =>
    t.app.inject({
      method: 'POST',
      url: path,
      payload: `action=${action}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const status = async (id: string) => (await a.get(`${P}/bookings/${id}`)).json().data.info;
  const notify = (body: string, header?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/payments/v1/notifications/sandbox',
      payload: body,
      headers: { 'content-type': 'application/json', ...(header ? { [NOTIFICATION_HEADER]: header } : {}) },
    });

  it('the checkout page shows what is paid for, the amount, and Pay / Decline buttons posting to itself', async () => {
    const bk = await held();
    const res = await page(bk.path);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.match(res.body, /Hexavalent vaccine/);
    assert.match(res.body, /SAR 350/);
    assert.match(res.body, /Child: Lina Al-Harbi/);
    assert.ok(res.body.includes(`<form method="post" action="${bk.path}">`));
    assert.match(res.body, /<button type="submit" name="action" value="approve">Pay SAR 350<\/button>/);
    assert.match(res.body, /<button type="submit" name="action" value="decline"[^>]*>Decline<\/button>/);
    assert.doesNotMatch(res.headers['content-security-policy'] as string, /upgrade-insecure-requests/);
    assert.equal((await status(bk.booking_id)).status, 'held', 'opening the page confirms nothing');
  });

  it('approve: the booking is confirmed (through a signed notification) and the page says so', async () => {
    const bk = await held();
    const res = await submit(bk.path, 'approve');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, bk.path);
    const s = await status(bk.booking_id);
    assert.equal(s.status, 'confirmed');
    assert.equal(s.payment.status, 'paid');
    assert.equal(s.expires_at, null);
    const after = await page(bk.path);
    assert.match(after.body, /Payment approved/);
    assert.doesNotMatch(after.body, /<form/);
    // Pressing Pay again changes nothing.
    assert.equal((await submit(bk.path, 'approve')).statusCode, 303);
    assert.equal(
      (
        await t.store.db
          .selectFrom('payments')
          .select('status')
          .where('code', '=', bk.paymentId)
          .executeTakeFirstOrThrow()
      ).status,
      'paid',
    );
  });

  it('decline: nothing is confirmed and the seat stays held until the hold expires', async () => {
    const bk = await held();
    await submit(bk.path, 'decline');
    const s = await status(bk.booking_id);
    assert.equal(s.status, 'held');
    assert.equal(s.payment.status, 'declined');
    assert.match((await page(bk.path)).body, /Payment declined/);
  });

  it('the checkout refuses an unknown action or payment', async () => {
    const bk = await held();
    const bad = await submit(bk.path, 'steal');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().status, 1001);
    const missing = await page('/payments/v1/sandbox/checkout/pay_0000000000');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().status, 1004);
  });

  it('the notification endpoint accepts only a valid provider signature', async () => {
    const bk = await held();
    const body = JSON.stringify({ payment_id: bk.paymentId, status: 'paid', provider_ref: 'ext-1' });
    for (const header of [
      undefined,
      'nonsense',
      signNotification('wrong-secret', body),
      signNotification(sandboxProviderSecret(t.config), body, Math.floor(Date.now() / 1000) - 3600),
    ]) {
      const res = await notify(body, header);
      assert.equal(res.statusCode, 401, String(header));
      assert.equal(res.json().status, 1002);
    }
    // A signature over another body does not cover this one.
    const forged = await notify(body.replace('paid', 'paid '), signNotification(sandboxProviderSecret(t.config), body));
    assert.equal(forged.json().status, 1002);
    assert.equal((await status(bk.booking_id)).status, 'held');
    const ok = await notify(body, signNotification(sandboxProviderSecret(t.config), body));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().data.info, {
      payment_id: bk.paymentId,
      payment_status: 'paid',
      booking_id: bk.booking_id,
      booking_status: 'confirmed',
      outcome: 'confirmed',
    });
    const again = await notify(body, signNotification(sandboxProviderSecret(t.config), body));
    assert.equal(again.json().data.info.outcome, 'unchanged', 'notifications are idempotent');
    const unknown = JSON.stringify({ payment_id: 'pay_nope', status: 'paid' });
    assert.equal(
      (await notify(unknown, signNotification(sandboxProviderSecret(t.config), unknown))).json().status,
      1004,
    );
    const other = await t.app.inject({
      method: 'POST',
      url: '/payments/v1/notifications/stripe',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(other.json().status, 1004);
  });

  it('a payment after expiry, when the seat was taken, does not confirm and is recorded for refund', async () => {
    const bk = await held();
    await t.store.db
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('code', '=', bk.booking_id)
      .execute();
    const rival = await b.post(`${P}/book`, bookBody(bk.slot));
    assert.equal(rival.json().status, 1000, 'the expired seat was sold again');
    assert.match((await page(bk.path)).body, /hold has expired/);
    await submit(bk.path, 'approve');
    const s = await status(bk.booking_id);
    assert.equal(s.status, 'expired');
    assert.equal(s.payment.status, 'refund_due');
    assert.match((await page(bk.path)).body, /recorded for refund/);
    assert.equal((await b.get(`${P}/bookings/${rival.json().data.info.booking_id}`)).json().data.info.status, 'held');
    await assertSeatInvariant(t.store);
  });

  it('a payment after expiry, when the seat is still free, confirms the booking', async () => {
    const bk = await held();
    await t.store.db
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('code', '=', bk.booking_id)
      .execute();
    await submit(bk.path, 'approve');
    const s = await status(bk.booking_id);
    assert.equal(s.status, 'confirmed');
    assert.equal(s.payment.status, 'paid');
    await assertSeatInvariant(t.store);
  });

  it('cancelling a paid booking marks its payment for refund', async () => {
    const bk = await held();
    await submit(bk.path, 'approve');
    const res = await a.post(`${P}/cancel`, { booking_id: bk.booking_id });
    assert.equal(res.json().data.info.status, 'cancelled');
    assert.equal(res.json().data.info.payment.status, 'refund_due');
  });
});

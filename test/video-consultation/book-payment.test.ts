// A video booking never exists without its payment: seat, booking, room and payment are
// written in one transaction, so a payment provider that fails while booking leaves nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxProvider, type PaymentProvider } from '../../src/core/partners/payment-providers.js';
import { bookConsultation } from '../../src/core/video/consultations.js';
import { decodeSlotId } from '../../src/core/video/slot-ids.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { bookBody, call, freeSlots, newPartner, roundTheClockDoctor, V, type TestPartner } from './api-helpers.js';

describe('video /book: booking and payment in one transaction', () => {
  let t: TestApp;
  let a: TestPartner;
  before(async () => {
    t = await testApp();
    a = await newPartner(t.store, t.config.secret, 'Partner A');
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  it('a payment provider failing inside the transaction leaves neither booking, payment nor seat taken; a retry then books', async () => {
    const doc = await roundTheClockDoctor(t.store, { fee: 9000 });
    const [slot] = await freeSlots(t.app, doc.code);
    const body = bookBody(doc.code, slot.slot_id);
    const slotId = decodeSlotId(t.config.secret, slot.slot_id)!;
    const failing: PaymentProvider = {
      ...sandboxProvider(t.config),
      checkoutUrl: () => {
        throw new Error('payment provider unavailable');
      },
    };

    await assert.rejects(
      bookConsultation(t.store, {
        partnerId: a.code,
        partnerReference: body.partner_reference,
        doctorId: doc.code,
        slotId,
        patient: body.patient,
        reason: body.reason,
        request: { doctor_id: body.doctor_id, slot_id: body.slot_id, patient: body.patient, reason: body.reason },
        holdMinutes: t.config.holdMinutes,
        leadMinutes: t.config.videoLeadMinutes,
        provider: failing,
      }),
      /payment provider unavailable/,
    );
    const rows = await t.store.db
      .selectFrom('bookings')
      .select('id')
      .where('partner_reference', '=', body.partner_reference)
      .execute();
    assert.equal(rows.length, 0, 'no booking without its payment');
    const row = await t.store.db
      .selectFrom('slots')
      .select('booked')
      .where('id', '=', slotId)
      .executeTakeFirstOrThrow();
    assert.equal(row.booked, 0, 'no seat taken');
    assert.ok(
      (await freeSlots(t.app, doc.code)).some((s) => s.slot_id === slot.slot_id),
      'the slot is still offered',
    );

    // The partner retries through the API with the same reference: a fresh booking with its payment.
    const res = await call(t.app, 'POST', `${V}/book`, { partner: a, body });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.message, 'booking created');
    const info = res.body.data.info;
    assert.equal(info.payment_status, 'pending');
    assert.match(info.payment_url, /\/payments\/v1\/sandbox\/checkout\/pay_/);
    const again = await call(t.app, 'POST', `${V}/book`, { partner: a, body });
    assert.equal(again.body.data.info.booking_id, info.booking_id);
    assert.equal(again.body.data.info.payment_url, info.payment_url);
  });
});

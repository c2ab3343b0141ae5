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

  /** What the /book route gives core bookConsultation for `body`. */
  const bookInput = (
    body: ReturnType<typeof bookBody>,
    doctorId: string,
    slotId: number,
    provider: PaymentProvider,
  ) => ({
    partnerId: a.code,
    partnerReference: body.partner_reference,
    doctorId,
    slotId,
    patient: body.patient,
    reason: body.reason,
    request: { doctor_id: body.doctor_id, slot_id: body.slot_id, patient: body.patient, reason: body.reason },
    holdMinutes: t.config.holdMinutes,
    leadMinutes: t.config.videoLeadMinutes,
    provider,
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
      bookConsultation(t.store, bookInput(body, doc.code, slotId, failing)),
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

  for (const fee of [9000, 0]) {
    it(`gives back a ${fee ? 'paid' : 'free'} consultation exactly as stored (on PostgreSQL, written by one statement)`, async () => {
      const doc = await roundTheClockDoctor(t.store, { fee });
      const [slot] = await freeSlots(t.app, doc.code);
      const body = bookBody(doc.code, slot.slot_id);
      const slotId = decodeSlotId(t.config.secret, slot.slot_id)!;
      const provider = sandboxProvider(t.config);
      const input = bookInput(body, doc.code, slotId, provider);
      const made = await bookConsultation(t.store, input);
      const c = made.consultation;
      assert.equal(made.reused, false);
      assert.equal(c.status, fee ? 'held' : 'confirmed');
      const db = t.store.db;
      assert.deepEqual(
        c.booking,
        await db.selectFrom('bookings').selectAll().where('id', '=', c.booking.id).executeTakeFirst(),
      );
      assert.deepEqual(
        c.patient,
        await db.selectFrom('people').selectAll().where('id', '=', c.patient!.id).executeTakeFirst(),
      );
      const links = await db
        .selectFrom('booking_people')
        .select('person_id')
        .where('booking_id', '=', c.booking.id)
        .execute();
      assert.deepEqual(links, [{ person_id: c.patient!.id }]);
      const room = await db
        .selectFrom('video_consultations')
        .selectAll()
        .where('booking_id', '=', c.booking.id)
        .executeTakeFirst();
      assert.equal(room?.room_key, c.room_key);
      assert.equal(room?.reason, c.reason);
      assert.equal(room?.practitioner_id, c.doctor.id);
      const payments = await db.selectFrom('payments').selectAll().where('booking_id', '=', c.booking.id).execute();
      if (fee) {
        assert.deepEqual(payments, [c.payment]);
        assert.equal(made.paymentUrl, provider.checkoutUrl(c.payment!));
      } else {
        assert.deepEqual(payments, []);
        assert.equal(c.payment, undefined);
        assert.equal(made.paymentUrl, null);
      }
      const booked = await db.selectFrom('slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow();
      assert.equal(booked.booked, 1);
      // The same request again: the same consultation, nothing more written.
      const again = await bookConsultation(t.store, input);
      assert.equal(again.reused, true);
      assert.equal(again.consultation.booking.id, c.booking.id);
      const after = await db.selectFrom('slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow();
      assert.equal(after.booked, 1);
    });
  }
});

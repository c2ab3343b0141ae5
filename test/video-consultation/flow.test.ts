// The integrator's path of docs/video-consultation.md on the sandbox data with the sandbox
// partner: specialities → doctors → slots → book → pay on the checkout page → confirmed with a
// join link.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxPartnerCredentials, SANDBOX_PARTNER_ID } from '../../src/sandbox/partner.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { call, PATIENT, V, type TestPartner } from './api-helpers.js';

describe('video consultation walkthrough on the sandbox', () => {
  let t: TestApp;
  let partner: TestPartner;
  before(async () => {
    t = await testApp();
    partner = { code: SANDBOX_PARTNER_ID, ...sandboxPartnerCredentials(t.config) };
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  it('books, pays and gets the join link', async () => {
    const specs = (await call(t.app, 'GET', `${V}/specialities`)).body.data.info.specialities;
    const spec = specs.find((s: { spec_id: string }) => s.spec_id === 'sp-derm');
    assert.ok(spec, 'Dermatology is in the sandbox');

    const doctors = (await call(t.app, 'GET', `${V}/doctors?spec_id=${spec.spec_id}`)).body.data.info.doctor;
    const doctor = doctors[0];
    assert.ok(doctor.next_available_slot, 'the first doctor has a free slot in the coming days');

    const date = doctor.next_available_slot.start.slice(0, 10);
    const day = (await call(t.app, 'GET', `${V}/slots?doctor_id=${doctor.doctor_id}&date=${date}`)).body.data.info;
    assert.deepEqual(day.slots[0], doctor.next_available_slot);

    const booked = await call(t.app, 'POST', `${V}/book`, {
      partner,
      body: {
        partner_reference: 'walkthrough-1',
        doctor_id: doctor.doctor_id,
        slot_id: day.slots[0].slot_id,
        patient: PATIENT,
        reason: 'Rash on the arm',
      },
    });
    assert.equal(booked.status, 200, booked.raw);
    const info = booked.body.data.info;
    assert.equal(info.status, 'held');
    assert.deepEqual(info.amount, doctor.fee);

    const page = await t.app.inject({ method: 'GET', url: new URL(info.payment_url).pathname });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(doctor.fee.display));
    const approve = await t.app.inject({
      method: 'POST',
      url: new URL(info.payment_url).pathname,
      payload: 'action=approve',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(approve.statusCode, 303);

    const final = (await call(t.app, 'GET', `${V}/bookings/${info.booking_id}`, { partner })).body.data.info;
    assert.equal(final.status, 'confirmed');
    assert.match(final.join_url, /^https:\/\/meet\.jit\.si\/careslot-[a-z2-9]{26}$/);
    const after = (await call(t.app, 'GET', `${V}/slots?doctor_id=${doctor.doctor_id}&date=${date}`)).body.data.info
      .slots;
    assert.ok(
      !after.some((s: { slot_id: string }) => s.slot_id === info.slot.slot_id),
      'the slot is gone from the free list',
    );
  });
});

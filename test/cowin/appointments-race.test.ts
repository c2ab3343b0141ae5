// 300 beneficiaries (each on its own mobile) racing for one 100-seat session through the HTTP
// API: exactly 100 appointments, the rest a clean 409, and the seat count matches.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { createBeneficiary, createCentre, createGuest, type TestBeneficiary } from './appointment-fixtures.js';
import { beneficiaryToken, post } from './api-helpers.js';

describe('appointment race', () => {
  let t: TestApp;
  let people: TestBeneficiary[];
  let tokens: string[];
  before(async () => {
    t = await testApp({ env: { PG_POOL_SIZE: '20' } });
    const guestId = await createGuest(t.store);
    people = [];
    for (let i = 0; i < 300; i++)
      people.push(await createBeneficiary(t.store, guestId, `8${String(100000000 + i)}`, 1970 + (i % 30)));
    tokens = await Promise.all(people.map((p) => beneficiaryToken(t.config, p.mobile, guestId)));
  });
  after(async () => {
    await t.close();
  });

  it('300 beneficiaries racing for a 100-seat slot produce exactly 100 appointments', async () => {
    const centre = await createCentre(t.store, [100]);
    const slot = centre.slots[0];
    const results = await Promise.all(
      people.map((p, i) =>
        post(
          t.app,
          '/api/v1/appointment/scheduleAppointment',
          { center_id: centre.id, date: slot.date, slot_id: slot.id, beneficiaries: [p.referenceId] },
          tokens[i],
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    assert.equal(ok.length, 100);
    for (const r of refused)
      assert.deepEqual([r.status, r.body.errorCode], [409, 'APPOIN0040'], JSON.stringify(r.body));
    assert.equal(
      new Set(ok.map((r) => r.body.appointment_confirmation_no)).size,
      100,
      'every appointment has its own number',
    );
    const row = await t.store.db
      .selectFrom('slots')
      .select(['booked', 'capacity'])
      .where('id', '=', slot.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { booked: 100, capacity: 100 });
    const bookings = await t.store.db
      .selectFrom('bookings')
      .select('id')
      .where('slot_id', '=', slot.id)
      .where('status', '=', 'confirmed')
      .execute();
    assert.equal(bookings.length, 100);
    await assertSeatInvariant(t.store);
  });

  it('one beneficiary racing for ten slots at once gets exactly one appointment', async () => {
    const centre = await createCentre(t.store, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    const p = await createBeneficiary(t.store, await createGuest(t.store), '7999999999', 1980);
    const token = await beneficiaryToken(
      t.config,
      p.mobile,
      (
        await t.store.db
          .selectFrom('beneficiaries')
          .select('guest_id')
          .where('reference_id', '=', p.referenceId)
          .executeTakeFirstOrThrow()
      ).guest_id,
    );
    const results = await Promise.all(
      centre.slots.map((s) =>
        post(
          t.app,
          '/api/v1/appointment/scheduleAppointment',
          { center_id: centre.id, date: s.date, slot_id: s.id, beneficiaries: [p.referenceId] },
          token,
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    for (const r of results.filter((x) => x.status !== 200)) assert.equal(r.body.errorCode, 'APPOIN0020');
    await assertSeatInvariant(t.store);
  });
});

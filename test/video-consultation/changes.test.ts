// POST /cancel and POST /reschedule: atomic, for the partner that made the booking only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { bookBody, call, freeSlots, newPartner, pay, roundTheClockDoctor, V, type TestPartner } from './api-helpers.js';

describe('video cancel and reschedule', () => {
  let t: TestApp;
  let a: TestPartner;
  let b: TestPartner;
  before(async () => {
    t = await testApp();
    a = await newPartner(t.store, t.config.secret, 'Partner A');
    b = await newPartner(t.store, t.config.secret, 'Partner B');
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  const book = async (p: TestPartner, doctor: string, slot: string) =>
    (await call(t.app, 'POST', `${V}/book`, { partner: p, body: bookBody(doctor, slot) })).body.data.info;
  const get = (p: TestPartner, id: string) => call(t.app, 'GET', `${V}/bookings/${id}`, { partner: p });
  const cancel = (p: TestPartner, id: string) =>
    call(t.app, 'POST', `${V}/cancel`, { partner: p, body: { booking_id: id } });
  const reschedule = (p: TestPartner, id: string, slot: string) =>
    call(t.app, 'POST', `${V}/reschedule`, { partner: p, body: { booking_id: id, slot_id: slot } });

  it('reschedules to another free slot of the same doctor, freeing the old one; the join link follows', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1, s2] = await freeSlots(t.app, doc.code);
    const held = await book(a, doc.code, s1.slot_id);
    await pay(t.app, held.payment_url);
    const before = (await get(a, held.booking_id)).body.data.info;
    const res = await reschedule(a, held.booking_id, s2.slot_id);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.message, 'booking rescheduled');
    const info = res.body.data.info;
    assert.deepEqual(info.slot, s2);
    assert.equal(info.status, 'confirmed');
    assert.equal(info.join_url, before.join_url, 'same room');
    assert.equal(Date.parse(info.join_valid_until), Date.parse(s2.end));
    const free = (await freeSlots(t.app, doc.code)).map((s) => s.slot_id);
    assert.ok(free.includes(s1.slot_id) && !free.includes(s2.slot_id));
  });

  it('reschedule to a taken slot is a 1005 and leaves the original booking intact', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1, s2] = await freeSlots(t.app, doc.code);
    const mine = await book(a, doc.code, s1.slot_id);
    const theirs = await book(b, doc.code, s2.slot_id);
    const res = await reschedule(a, mine.booking_id, s2.slot_id);
    assert.equal(res.status, 409);
    assert.equal(res.body.status, 1005);
    assert.match(res.body.message, /keeps its current slot/);
    const after = (await get(a, mine.booking_id)).body.data.info;
    assert.deepEqual(after.slot, s1);
    assert.equal(after.status, 'held');
    assert.deepEqual((await get(b, theirs.booking_id)).body.data.info.slot, s2, 'the other booking is untouched');
    assert.ok(
      !(await freeSlots(t.app, doc.code)).some((s) => s.slot_id === s1.slot_id),
      'the original slot is still taken',
    );
  });

  it("reschedule refuses another doctor's slot (1004), a cancelled booking (1001) and bad input (1001)", async () => {
    const doc = await roundTheClockDoctor(t.store);
    const other = await roundTheClockDoctor(t.store);
    const [s1, s2] = await freeSlots(t.app, doc.code);
    const [o1] = await freeSlots(t.app, other.code);
    const mine = await book(a, doc.code, s1.slot_id);
    let res = await reschedule(a, mine.booking_id, o1.slot_id);
    assert.equal(res.body.status, 1004);
    assert.match(res.body.message, /same doctor/);
    res = await call(t.app, 'POST', `${V}/reschedule`, { partner: a, body: { booking_id: mine.booking_id } });
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /slot_id is required/);
    await cancel(a, mine.booking_id);
    res = await reschedule(a, mine.booking_id, s2.slot_id);
    assert.equal(res.status, 400);
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /cancelled and cannot be moved/);
  });

  it('cancel frees the slot, is idempotent, and marks a paid payment for refund', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1, s2] = await freeSlots(t.app, doc.code);
    const held = await book(a, doc.code, s1.slot_id);
    let res = await cancel(a, held.booking_id);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.data.info.status, 'cancelled');
    assert.equal(res.body.data.info.payment_url, null);
    assert.ok(
      (await freeSlots(t.app, doc.code)).some((s) => s.slot_id === s1.slot_id),
      'slot free again',
    );
    res = await cancel(a, held.booking_id);
    assert.equal(res.body.status, 1000, 'cancelling twice answers with the cancelled booking');
    // A late payment for a cancelled booking confirms nothing.
    await pay(t.app, held.payment_url);
    assert.equal((await get(a, held.booking_id)).body.data.info.status, 'cancelled');

    const paid = await book(a, doc.code, s2.slot_id);
    await pay(t.app, paid.payment_url);
    res = await cancel(a, paid.booking_id);
    assert.equal(res.body.data.info.status, 'cancelled');
    assert.equal(res.body.data.info.payment_status, 'refund_due');
    assert.ok(!('join_url' in res.body.data.info), 'no join link for a cancelled consultation');
  });

  it('cancel refuses an expired hold (1001) and an unknown booking (1004)', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1] = await freeSlots(t.app, doc.code);
    const held = await book(a, doc.code, s1.slot_id);
    await t.store.db
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('code', '=', held.booking_id)
      .execute();
    let res = await cancel(a, held.booking_id);
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /expired/);
    res = await cancel(a, 'bk_nothere');
    assert.equal(res.status, 404);
    res = await call(t.app, 'POST', `${V}/cancel`, { body: { booking_id: held.booking_id } });
    assert.equal(res.body.status, 1002);
  });
});

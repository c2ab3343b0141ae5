// GET /slots caches each doctor's day of slots: in one process a booking, a cancellation or a
// hold running out must show in the very next answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { book, cancel } from '../../src/core/scheduling/bookings.js';
import { freeSlotsOn } from '../../src/core/video/doctor-slots.js';
import { findListedDoctor } from '../../src/core/video/doctors.js';
import { decodeSlotId } from '../../src/core/video/slot-ids.js';
import { addDays, wallClock } from '../../src/core/shared/time.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { bookBody, call, freeSlots, newPartner, roundTheClockDoctor, V, type TestPartner } from './api-helpers.js';

describe('video /slots sees every change made in this process at once', () => {
  let t: TestApp;
  let a: TestPartner;
  before(async () => {
    t = await testApp();
    a = await newPartner(t.store, t.config.secret, 'Cache partner');
  });
  after(() => t.close());

  it('a booking through /book removes the slot from the next /slots; a cancellation brings it back', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const [s1] = await freeSlots(t.app, doc.code);
    assert.ok(
      (await freeSlots(t.app, doc.code)).some((s) => s.slot_id === s1.slot_id),
      'cached answer',
    );
    const res = await call(t.app, 'POST', `${V}/book`, { partner: a, body: bookBody(doc.code, s1.slot_id) });
    assert.equal(res.status, 200, res.raw);
    assert.ok(!(await freeSlots(t.app, doc.code)).some((s) => s.slot_id === s1.slot_id));
    const booking = await t.store.db
      .selectFrom('bookings')
      .select('id')
      .where('slot_id', '=', decodeSlotId(t.config.secret, s1.slot_id)!)
      .executeTakeFirstOrThrow();
    await cancel(t.store, booking.id);
    assert.ok((await freeSlots(t.app, doc.code)).some((s) => s.slot_id === s1.slot_id));
  });

  it('a hold that ran out frees its slot', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const doctor = (await findListedDoctor(t.store.db, doc.code))!;
    const date = addDays(wallClock(new Date(), doctor.timezone).date, 2);
    const now = new Date();
    const w = (at: Date) => ({ now: at, leadMinutes: 0 });
    const [first] = await freeSlotsOn(t.store.db, doctor, date, w(now));
    await book(t.store, { slotId: first.id, status: 'held', holdMinutes: 1, channel: 'test', now });
    assert.ok(!(await freeSlotsOn(t.store.db, doctor, date, w(now))).some((s) => s.id === first.id));
    const later = new Date(now.getTime() + 2 * 60_000);
    assert.ok((await freeSlotsOn(t.store.db, doctor, date, w(later))).some((s) => s.id === first.id));
  });
});

// Slot generation from working hours and time off: local time zone, idempotent, never drops
// or shortens a booked slot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { book } from '../../src/core/scheduling/bookings.js';
import { generateSlots, planSlots } from '../../src/core/video/generate.js';
import { updateDoctor } from '../../src/core/video/manage.js';
import { addTimeOff, replaceWorkingHours, validateWorkingHours } from '../../src/core/video/schedule.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { doctorWithHours, slotsOf, SUN_TO_THU } from './helpers.js';

// Sunday 2030-01-06 00:00 in Riyadh (UTC+3): slots are generated from this instant on.
const NOW = new Date('2030-01-05T21:00:00Z');

describe('video slot generation', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.drop();
  });

  it("cuts working hours into slots in the doctor's time zone, skipping days off", async () => {
    const doc = await doctorWithHours(t.store.db, { now: NOW, days: 7 });
    const slots = await slotsOf(t.store.db, doc.id);
    // Sunday..Thursday, 09:00-12:00 Riyadh in 30-minute slots: 5 days x 6 slots.
    assert.equal(slots.length, 30);
    assert.equal(slots[0].start_at, '2030-01-06T06:00:00.000Z');
    assert.equal(slots[0].end_at, '2030-01-06T06:30:00.000Z');
    assert.equal(slots.at(-1)!.start_at, '2030-01-10T08:30:00.000Z');
    assert.ok(
      slots.every((s) => s.capacity === 1),
      'one patient per slot',
    );
    assert.ok(
      !slots.some((s) => s.start_at.startsWith('2030-01-11') || s.start_at.startsWith('2030-01-12')),
      'Friday and Saturday are off',
    );
  });

  it('regenerating changes nothing and never duplicates a slot', async () => {
    const doc = await doctorWithHours(t.store.db, { now: NOW });
    const before = await slotsOf(t.store.db, doc.id);
    const again = await generateSlots(t.store.db, doc.id, { days: 7, now: NOW });
    assert.deepEqual(again, { created: 0, removed: 0, kept_booked: 0 });
    const twice = await Promise.all(
      [1, 2].map(() => t.store.tx((trx) => generateSlots(trx, doc.id, { days: 7, now: NOW }))),
    );
    assert.equal(twice[0].created + twice[1].created, 0);
    assert.deepEqual(await slotsOf(t.store.db, doc.id), before);
  });

  it('time off removes free slots but keeps a booked one', async () => {
    const doc = await doctorWithHours(t.store.db, { now: NOW });
    const monday = (await slotsOf(t.store.db, doc.id)).filter((s) => s.start_at.startsWith('2030-01-07'));
    assert.equal(monday.length, 6);
    const { booking } = await book(t.store, { slotId: monday[2].id, status: 'confirmed', channel: 'test' });
    await addTimeOff(t.store.db, doc.id, {
      starts_at: '2030-01-07T00:00:00+03:00',
      ends_at: '2030-01-08T00:00:00+03:00',
      reason: 'Conference',
    });
    const r = await generateSlots(t.store.db, doc.id, { days: 7, now: NOW });
    assert.deepEqual(r, { created: 0, removed: 5, kept_booked: 1 });
    const left = (await slotsOf(t.store.db, doc.id)).filter(
      (s) => s.start_at.startsWith('2030-01-07') && s.capacity > 0,
    );
    assert.deepEqual(
      left.map((s) => s.id),
      [monday[2].id],
      'only the booked slot survives the time off',
    );
    const b = await t.store.db
      .selectFrom('bookings')
      .select(['slot_id', 'status'])
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(b, { slot_id: monday[2].id, status: 'confirmed' });
  });

  it('a new consultation length reshapes free slots and never overlaps a booked one', async () => {
    const doc = await doctorWithHours(t.store.db, { now: NOW, hours: [{ weekday: 1, start: '09:00', end: '11:00' }] });
    const slots = await slotsOf(t.store.db, doc.id);
    assert.equal(slots.length, 4);
    await book(t.store, { slotId: slots[1].id, status: 'held', holdMinutes: 60 * 24 * 365 * 10, channel: 'test' }); // 09:30-10:00
    await updateDoctor(t.store.db, doc.code, { slot_minutes: 20 });
    const r = await generateSlots(t.store.db, doc.id, { days: 7, now: NOW });
    const live = (await slotsOf(t.store.db, doc.id))
      .filter((s) => s.capacity > 0)
      .map((s) => [s.start_at.slice(11, 16), s.end_at.slice(11, 16), s.booked]);
    // Riyadh 09:00 = 06:00Z. 20-minute grid: 06:00, 06:20, 06:40, 07:00, 07:20, 07:40; those
    // overlapping the booked 06:30-07:00 (06:20, 06:40) are left out.
    assert.deepEqual(live, [
      ['06:00', '06:20', 0],
      ['06:30', '07:00', 1],
      ['07:00', '07:20', 0],
      ['07:20', '07:40', 0],
      ['07:40', '08:00', 0],
    ]);
    assert.equal(r.kept_booked, 1);
  });

  it('an inactive doctor keeps only booked slots; reactivating brings the rest back', async () => {
    const doc = await doctorWithHours(t.store.db, { now: NOW, hours: [{ weekday: 2, start: '10:00', end: '12:00' }] });
    const slots = await slotsOf(t.store.db, doc.id);
    await book(t.store, { slotId: slots[0].id, status: 'confirmed', channel: 'test' });
    await updateDoctor(t.store.db, doc.code, { active: false });
    await generateSlots(t.store.db, doc.id, { days: 7, now: NOW });
    assert.deepEqual(
      (await slotsOf(t.store.db, doc.id)).map((s) => s.id),
      [slots[0].id],
    );
    await updateDoctor(t.store.db, doc.code, { active: true });
    await generateSlots(t.store.db, doc.id, { days: 7, now: NOW });
    assert.equal((await slotsOf(t.store.db, doc.id)).length, 4);
  });

  it('never touches past slots and plans nothing before now', () => {
    const plan = planSlots({
      timezone: 'Asia/Riyadh',
      slotMinutes: 60,
      hours: SUN_TO_THU('09:00', '12:00'),
      timeOff: [],
      days: 1,
      now: new Date('2030-01-06T07:30:00Z'),
    });
    assert.deepEqual(
      plan.map((s) => s.start_at),
      ['2030-01-06T08:00:00.000Z'],
    );
  });

  it("follows daylight saving time in the doctor's zone", () => {
    // New York switches to EDT on Sunday 2030-03-10: 09:00 local is 14:00Z before, 13:00Z after.
    const plan = planSlots({
      timezone: 'America/New_York',
      slotMinutes: 60,
      hours: [
        { weekday: 6, start: '09:00', end: '10:00' },
        { weekday: 0, start: '09:00', end: '10:00' },
      ],
      timeOff: [],
      days: 3,
      now: new Date('2030-03-09T00:00:00Z'),
    });
    assert.deepEqual(
      plan.map((s) => s.start_at),
      ['2030-03-09T14:00:00.000Z', '2030-03-10T13:00:00.000Z'],
    );
  });

  it('rejects bad working hours with a message naming the problem', async () => {
    assert.throws(() => validateWorkingHours([{ weekday: 7, start: '09:00', end: '10:00' }]), /hours\[0\]\.weekday/);
    assert.throws(
      () => validateWorkingHours([{ weekday: 1, start: '9:00', end: '10:00' }]),
      /hours\[0\]\.start must be a time HH:MM/,
    );
    assert.throws(
      () => validateWorkingHours([{ weekday: 1, start: '12:00', end: '10:00' }]),
      /end 10:00 must be after start 12:00/,
    );
    assert.throws(
      () =>
        validateWorkingHours([
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '11:00', end: '13:00' },
        ]),
      /overlap on monday/,
    );
    assert.equal(validateWorkingHours([{ weekday: 1, start: '20:00', end: '24:00' }]).length, 1);
    const doc = await doctorWithHours(t.store.db, { now: NOW });
    await assert.rejects(replaceWorkingHours(t.store.db, doc.id, [{ weekday: 1, start: '10:00', end: '09:00' }]), {
      kind: 'invalid',
    });
  });
});

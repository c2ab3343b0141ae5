// The booking lifecycle one operation at a time, with its unhappy paths.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listSlots, slotAvailability } from '../../src/core/scheduling/availability.js';
import { book, cancel, complete, confirm, effectiveStatus, expireHolds } from '../../src/core/scheduling/bookings.js';
import { move } from '../../src/core/scheduling/booking-moves.js';
import { createPerson, peopleOfBooking } from '../../src/core/scheduling/people.js';
import { createPayment, settlePayment } from '../../src/core/scheduling/payments.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { assertSeatInvariant, placeWithSlots } from '../helpers/fixtures.js';

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);

describe('booking lifecycle', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.drop();
  });

  it('books seats for people and lists them', async () => {
    const [slot] = await placeWithSlots(t.store, [5]);
    const a = await createPerson(t.store.db, { name: 'Asha', birth_year: 1990, mobile: '9876543210' });
    const b = await createPerson(t.store.db, { name: 'Ravi', birth_date: '1988-04-02' });
    const { booking, reused } = await book(t.store, {
      slotId: slot,
      personIds: [a.id, b.id],
      status: 'confirmed',
      channel: 'test',
    });
    assert.equal(reused, false);
    assert.equal(booking.seats, 2);
    assert.equal(booking.status, 'confirmed');
    assert.match(booking.code, /^bk_[0-9a-z]{26}$/);
    assert.deepEqual(
      (await peopleOfBooking(t.store.db, booking.id)).map((p) => p.name),
      ['Asha', 'Ravi'],
    );
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 3);
  });

  it('refuses a slot that does not exist, has started, or lacks seats', async () => {
    await assert.rejects(book(t.store, { slotId: 99_999_999, status: 'confirmed', channel: 'test' }), {
      kind: 'not_found',
    });
    const [past] = await placeWithSlots(t.store, [5], { startInMinutes: -60 });
    await assert.rejects(book(t.store, { slotId: past, status: 'confirmed', channel: 'test' }), {
      kind: 'slot_unavailable',
      message: /already started/,
    });
    const [small] = await placeWithSlots(t.store, [2]);
    await assert.rejects(book(t.store, { slotId: small, seats: 3, status: 'confirmed', channel: 'test' }), {
      kind: 'slot_unavailable',
    });
    await assert.rejects(book(t.store, { slotId: small, seats: 0, status: 'confirmed', channel: 'test' }), {
      kind: 'invalid',
    });
    const [soon] = await placeWithSlots(t.store, [2], { startInMinutes: 10 });
    await assert.rejects(
      book(t.store, { slotId: soon, status: 'confirmed', channel: 'test', notBefore: minutesFromNow(30) }),
      { message: /too soon/ },
    );
    const untouched = await t.store.db
      .selectFrom('slots')
      .select('booked')
      .where('id', 'in', [past, small, soon])
      .execute();
    assert.deepEqual(
      untouched.map((s) => s.booked),
      [0, 0, 0],
    );
  });

  it('is idempotent on partner_reference and rejects a reused reference with another request', async () => {
    const [slot] = await placeWithSlots(t.store, [3]);
    const input = {
      slotId: slot,
      status: 'held' as const,
      channel: 'kids',
      ownerId: 'p1',
      partnerReference: 'ref-1',
      request: { a: 1 },
    };
    const first = await book(t.store, input);
    const again = await book(t.store, input);
    assert.equal(again.reused, true);
    assert.equal(again.booking.id, first.booking.id);
    await assert.rejects(book(t.store, { ...input, request: { a: 2 } }), { rule: 'idempotency_mismatch' });
    // The same reference from another owner is a different booking.
    const other = await book(t.store, { ...input, ownerId: 'p2' });
    assert.notEqual(other.booking.id, first.booking.id);
    // Concurrent retries of one request produce one booking.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => book(t.store, { ...input, partnerReference: 'ref-race' })),
    );
    assert.equal(new Set(racing.map((r) => r.booking.id)).size, 1);
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 0);
  });

  it('a retry gets its booking even when its slot is now full, and takes no second seat', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    const input = {
      slotId: slot,
      status: 'held' as const,
      channel: 'kids',
      ownerId: 'p1',
      partnerReference: 'ref-full',
      request: { a: 1 },
    };
    const first = await book(t.store, input);
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 0, 'the only seat is taken');
    const again = await book(t.store, input);
    assert.equal(again.reused, true);
    assert.equal(again.booking.id, first.booking.id);
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 0);
    await assert.rejects(book(t.store, { ...input, request: { a: 2 } }), { rule: 'idempotency_mismatch' });
    // A new reference on the full slot is refused as full.
    await assert.rejects(book(t.store, { ...input, partnerReference: 'ref-other' }), { kind: 'slot_unavailable' });
  });

  it('confirms a held booking before expiry, and an expired hold never counts as taken', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    const { booking } = await book(t.store, { slotId: slot, status: 'held', holdMinutes: 15, channel: 'test' });
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 0);
    const later = minutesFromNow(16);
    assert.equal(
      (await slotAvailability(t.store.db, slot, later))!.available,
      1,
      'expired hold is free before any sweep',
    );
    const listed = await listSlots(t.store.db, {
      placeIds: [
        (await t.store.db.selectFrom('slots').select('place_id').where('id', '=', slot).executeTakeFirstOrThrow())
          .place_id,
      ],
      from: '2000-01-01',
      to: '2999-01-01',
      minFree: 1,
      now: later,
    });
    assert.deepEqual(
      listed.map((s) => s.id),
      [slot],
    );
    assert.equal(effectiveStatus(booking, later), 'expired');
    const ok = await confirm(t.store, booking.id);
    assert.equal(ok.outcome, 'confirmed');
    assert.equal((await confirm(t.store, booking.id)).outcome, 'already_confirmed');
    await expireHolds(t.store, later);
    const after = await t.store.db
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.status, 'confirmed', 'a confirmed booking does not expire');
  });

  it('an expired hold whose seat is still free can be paid late; once resold it cannot', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    const { booking } = await book(t.store, { slotId: slot, status: 'held', holdMinutes: 1, channel: 'test' });
    const later = minutesFromNow(2);
    assert.equal(await expireHolds(t.store, later), 1);
    assert.equal((await confirm(t.store, booking.id, later)).outcome, 'late_confirmed');

    const [slot2] = await placeWithSlots(t.store, [1]);
    const held = (await book(t.store, { slotId: slot2, status: 'held', holdMinutes: 1, channel: 'test' })).booking;
    const rival = await book(t.store, { slotId: slot2, status: 'confirmed', channel: 'test', now: later });
    assert.equal(rival.booking.status, 'confirmed', 'the expired hold was swept to make room');
    const res = await confirm(t.store, held.id, later);
    assert.equal(res.outcome, 'refused');
    assert.equal(res.booking.status, 'expired');
  });

  it('cancels a live booking once, giving its seats back', async () => {
    const [slot] = await placeWithSlots(t.store, [2]);
    const { booking } = await book(t.store, { slotId: slot, seats: 2, status: 'confirmed', channel: 'test' });
    const cancelled = await cancel(t.store, booking.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(cancelled.cancelled_at);
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 2);
    await assert.rejects(cancel(t.store, booking.id), { kind: 'conflict' });
    await assert.rejects(cancel(t.store, 987_654_321), { kind: 'not_found' });
    assert.equal((await confirm(t.store, booking.id)).outcome, 'refused');
  });

  it('moves a booking atomically and keeps it in place when the new slot is full', async () => {
    const [a, b, full] = await placeWithSlots(t.store, [2, 2, 1]);
    const { booking } = await book(t.store, { slotId: a, seats: 2, status: 'confirmed', channel: 'test' });
    await book(t.store, { slotId: full, status: 'confirmed', channel: 'test' });
    await assert.rejects(move(t.store, booking.id, full), {
      kind: 'slot_unavailable',
      rule: 'slot_full',
      message: /keeps its current slot/,
    });
    assert.equal(
      (await t.store.db.selectFrom('bookings').select('slot_id').where('id', '=', booking.id).executeTakeFirstOrThrow())
        .slot_id,
      a,
    );
    const moved = await move(t.store, booking.id, b);
    assert.equal(moved.slot_id, b);
    assert.equal((await slotAvailability(t.store.db, a))!.available, 2);
    assert.equal((await slotAvailability(t.store.db, b))!.available, 0);
    await assert.rejects(move(t.store, booking.id, 77_777_777), { kind: 'not_found' });
    await cancel(t.store, booking.id);
    await assert.rejects(move(t.store, booking.id, a), { kind: 'conflict' });
  });

  it('completes only confirmed bookings', async () => {
    const [slot] = await placeWithSlots(t.store, [2]);
    const held = (await book(t.store, { slotId: slot, status: 'held', channel: 'test' })).booking;
    await assert.rejects(complete(t.store, held.id), { kind: 'conflict' });
    await confirm(t.store, held.id);
    assert.equal((await complete(t.store, held.id)).status, 'completed');
  });

  it('settles payments once: paid confirms, declined leaves the hold, late payments become refunds', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    const held = (
      await book(t.store, {
        slotId: slot,
        status: 'held',
        holdMinutes: 1,
        channel: 'test',
        amountMinor: 9000,
        currency: 'SAR',
      })
    ).booking;
    const declined = await createPayment(t.store.db, {
      bookingId: held.id,
      provider: 'sandbox',
      amountMinor: 9000,
      currency: 'SAR',
    });
    const d = await settlePayment(t.store, declined.code, 'declined', null);
    assert.equal(d.payment.status, 'declined');
    assert.equal(d.booking.status, 'held');
    const pay = await createPayment(t.store.db, {
      bookingId: held.id,
      provider: 'sandbox',
      amountMinor: 9000,
      currency: 'SAR',
    });
    const later = minutesFromNow(2);
    await book(t.store, { slotId: slot, status: 'confirmed', channel: 'test', now: later }); // resold after expiry
    const late = await settlePayment(t.store, pay.code, 'paid', 'psp-1', later);
    assert.equal(late.outcome, 'refused');
    assert.equal(late.payment.status, 'refund_due');
    const again = await settlePayment(t.store, pay.code, 'paid', 'psp-1', later);
    assert.equal(again.outcome, 'unchanged');
    await assert.rejects(settlePayment(t.store, 'pay_nope', 'paid', null), { kind: 'not_found' });

    const [slot2] = await placeWithSlots(t.store, [1]);
    const h2 = (await book(t.store, { slotId: slot2, status: 'held', channel: 'test' })).booking;
    const p2 = await createPayment(t.store.db, {
      bookingId: h2.id,
      provider: 'sandbox',
      amountMinor: 100,
      currency: 'SAR',
    });
    const paid = await settlePayment(t.store, p2.code, 'paid', null);
    assert.equal(paid.outcome, 'confirmed');
    assert.equal(paid.booking.status, 'confirmed');
    assert.equal(paid.payment.status, 'paid');
    await cancel(t.store, h2.id);
    const refund = await t.store.db
      .selectFrom('payments')
      .select('status')
      .where('id', '=', p2.id)
      .executeTakeFirstOrThrow();
    assert.equal(refund.status, 'refund_due', 'cancelling a paid booking records the refund in the same transaction');
  });
});

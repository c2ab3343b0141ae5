// Capacity is enforced by the database: races between book, move, expiry and confirm.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { move } from '../../src/core/scheduling/booking-moves.js';
import { book, confirm, expireHolds } from '../../src/core/scheduling/bookings.js';
import { slotAvailability } from '../../src/core/scheduling/availability.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { assertSeatInvariant, placeWithSlots } from '../helpers/fixtures.js';

const run = promisify(execFile);

describe('concurrency on the scheduling core', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await t.drop();
  });

  it('200 concurrent bookings for 50 seats: exactly 50 succeed, the rest fail cleanly', async () => {
    const [slot] = await placeWithSlots(t.store, [50]);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => book(t.store, { slotId: slot, status: 'confirmed', channel: 'test' })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 50);
    assert.equal(failed.length, 150);
    for (const f of failed) assert.equal(f.reason.kind, 'slot_unavailable', String(f.reason));
    const row = await t.store.db.selectFrom('slots').select('booked').where('id', '=', slot).executeTakeFirstOrThrow();
    assert.equal(row.booked, 50);
    assert.equal((await slotAvailability(t.store.db, slot))!.available, 0);
    await assertSeatInvariant(t.store);
  });

  it('four processes racing for 50 seats book exactly 50 between them', async () => {
    const [slot] = await placeWithSlots(t.store, [50]);
    const outs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', 'test/helpers/book-worker.ts', t.url, String(slot), '40']),
      ),
    );
    const results = outs.map((o) => JSON.parse(o.stdout.trim().split('\n').pop()!));
    for (const r of results) assert.deepEqual(r.other, [], 'only slot_unavailable failures are expected');
    assert.equal(
      results.reduce((n, r) => n + r.ok, 0),
      50,
    );
    await assertSeatInvariant(t.store);
  });

  it('moves racing against bookings never overfill the target and keep failed moves where they were', async () => {
    const [from, to] = await placeWithSlots(t.store, [30, 10]);
    const existing = [];
    for (let i = 0; i < 30; i++)
      existing.push((await book(t.store, { slotId: from, status: 'confirmed', channel: 'test' })).booking);
    const results = await Promise.allSettled([
      ...existing.map((b) => move(t.store, b.id, to)),
      ...Array.from({ length: 30 }, () => book(t.store, { slotId: to, status: 'confirmed', channel: 'test' })),
    ]);
    const wins = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(wins, 10, 'the 10 seats of the target slot went to exactly 10 callers');
    for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.kind, 'slot_unavailable');
    const moved = results.slice(0, 30).filter((r) => r.status === 'fulfilled').length;
    const stayed = await t.store.db
      .selectFrom('bookings')
      .select('id')
      .where('slot_id', '=', from)
      .where('status', '=', 'confirmed')
      .execute();
    assert.equal(stayed.length, 30 - moved, 'every failed move kept its original slot');
    await assertSeatInvariant(t.store);
  });

  it('hold expiry racing against a late payment: the seat ends up with exactly one booking', async () => {
    for (let round = 0; round < 10; round++) {
      const [slot] = await placeWithSlots(t.store, [1]);
      const held = (await book(t.store, { slotId: slot, status: 'held', holdMinutes: 15, channel: 'test' })).booking;
      const later = new Date(Date.now() + 16 * 60_000); // the hold has run out
      const [sweep, rival, late] = await Promise.allSettled([
        expireHolds(t.store, later),
        book(t.store, { slotId: slot, status: 'confirmed', channel: 'test', now: later }),
        confirm(t.store, held.id, later),
      ]);
      assert.equal(sweep.status, 'fulfilled');
      assert.equal(late.status, 'fulfilled');
      const outcome = (late as PromiseFulfilledResult<Awaited<ReturnType<typeof confirm>>>).value.outcome;
      if (rival.status === 'fulfilled') {
        assert.equal(outcome, 'refused', 'a payment after expiry must not resurrect a hold whose seat was resold');
      } else {
        assert.equal(rival.reason.kind, 'slot_unavailable');
        assert.equal(outcome, 'late_confirmed');
      }
      const live = await t.store.db
        .selectFrom('bookings')
        .select(['id', 'status'])
        .where('slot_id', '=', slot)
        .where('status', 'in', ['held', 'confirmed'])
        .execute();
      assert.equal(live.length, 1);
      await assertSeatInvariant(t.store);
    }
  });
});

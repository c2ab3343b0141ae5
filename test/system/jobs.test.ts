// The background jobs (src/jobs.ts) run in a built app once it is ready, and stop with it:
// the hold sweep returns an expired hold to availability and counts it in the metrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { book } from '../../src/core/scheduling/bookings.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { placeWithSlots } from '../helpers/fixtures.js';

describe('background jobs', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await t.drop();
  });

  it('the hold sweep runs every SWEEP_SECONDS once the app is ready, and stops when it closes', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    // Held 20 minutes before the present for 15 minutes: expired whatever the clock says.
    const { booking } = await book(t.store, {
      slotId: slot,
      status: 'held',
      holdMinutes: 15,
      channel: 'test',
      now: new Date(Date.now() - 20 * 60_000),
    });
    const app = await buildApp({ ...t.config, sweepSeconds: 1 }, { store: t.store, logger: false });
    const status = async () =>
      (await t.store.db.selectFrom('bookings').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow())
        .status;
    try {
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(await status(), 'held', 'no job runs before the app is ready');
      await app.ready();
      const deadline = Date.now() + 10_000;
      while ((await status()) === 'held' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(await status(), 'expired');
      assert.match(await app.metrics.registry.metrics(), /careslot_holds_expired_total 1\b/);
    } finally {
      await app.close();
    }
    // Closed: a second expired hold stays held (nothing sweeps any more).
    const [slot2] = await placeWithSlots(t.store, [1]);
    const late = await book(t.store, {
      slotId: slot2,
      status: 'held',
      holdMinutes: 15,
      channel: 'test',
      now: new Date(Date.now() - 20 * 60_000),
    });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(
      (
        await t.store.db
          .selectFrom('bookings')
          .select('status')
          .where('id', '=', late.booking.id)
          .executeTakeFirstOrThrow()
      ).status,
      'held',
    );
  });
});

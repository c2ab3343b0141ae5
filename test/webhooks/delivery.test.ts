// Webhook delivery end to end on a real database and a real local receiver: a booking's events
// are delivered signed; while the receiver is down they are retried on the backoff schedule
// (time driven forward by injecting `now`) and then succeed; a failed delivery is redelivered
// on request; a rolled-back change sends nothing; two dispatchers never deliver the same
// attempt twice.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { book, bookIn, cancel, confirm, expireHolds } from '../../src/core/scheduling/bookings.js';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_S } from '../../src/core/webhooks/deliveries.js';
import type { DispatchOptions } from '../../src/core/webhooks/dispatcher.js';
import { setEndpointEnabled } from '../../src/core/webhooks/endpoints.js';
import { deliveriesOf, redeliver } from '../../src/core/webhooks/history.js';
import { TEST_SECRET, testDb, type TestDb } from '../helpers/db.js';
import { at, dispatcher, partnerWithEndpoint, slotsAt, T0 } from './fixtures.js';
import { startReceiver, verified, type Receiver } from './receiver.js';

const MIN = 60_000;
const run = promisify(execFile);

describe('webhook delivery', () => {
  let t: TestDb;
  let rx: Receiver;
  before(async () => {
    t = await testDb({ seeded: false });
    rx = await startReceiver();
  });
  after(async () => {
    await rx.close();
    await t.drop();
  });
  beforeEach(() => {
    rx.received.length = 0;
    rx.status = 200;
  });

  const dispatch = (now: Date, over: Partial<DispatchOptions> = {}) => dispatcher(t.store)(now, over);
  const types = () => rx.received.map((m) => (JSON.parse(m.body) as { type: string }).type);

  it("delivers a booking's events signed, in the Standard Webhooks format", async () => {
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url);
    const [slot] = await slotsAt(t.store, [2]);
    const { booking } = await book(t.store, {
      slotId: slot,
      status: 'held',
      channel: 'kids',
      ownerId: hook.partner,
      now: T0,
    });
    await confirm(t.store, booking.id, at(MIN));
    await cancel(t.store, booking.id, at(2 * MIN));
    const r = await dispatch(at(3 * MIN));
    assert.deepEqual(r, { fannedOut: 3, attempted: 3, delivered: 3, failed: 0 });
    assert.deepEqual(types().sort(), ['booking.cancelled', 'booking.confirmed', 'booking.held']);
    for (const m of rx.received) {
      assert.ok(verified(hook.secret, m), 'the signature verifies with the endpoint secret');
      assert.match(String(m.headers['webhook-id']), /^msg_/);
      assert.equal(m.headers['webhook-timestamp'], String(Math.floor(at(3 * MIN).getTime() / 1000)));
      assert.equal(m.headers['content-type'], 'application/json');
      const body = JSON.parse(m.body) as { data: { booking: { booking_id: string; api: string } } };
      assert.equal(body.data.booking.booking_id, booking.code);
      assert.equal(body.data.booking.api, 'kids');
    }
    assert.ok(!verified('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', rx.received[0]), 'another secret does not verify');
    assert.deepEqual(await dispatch(at(4 * MIN)), { fannedOut: 0, attempted: 0, delivered: 0, failed: 0 });
  });

  it('retries while the receiver is down, on the backoff schedule, then delivers', async () => {
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url, ['booking.held']);
    const [slot] = await slotsAt(t.store, [1]);
    await book(t.store, { slotId: slot, status: 'held', channel: 'video', ownerId: hook.partner, now: T0 });
    rx.status = 503;
    assert.equal((await dispatch(T0)).attempted, 1);
    assert.equal((await dispatch(at(4_000))).attempted, 0, 'not due before the first wait (5 s)');
    assert.equal((await dispatch(at(5_000))).attempted, 1, 'second attempt after 5 s');
    assert.equal((await dispatch(at(5_000 + 4 * MIN))).attempted, 0, 'the next wait is 5 minutes');
    rx.status = 200;
    const r = await dispatch(at(5_000 + 5 * MIN));
    assert.equal(r.delivered, 1);
    const [d] = await deliveriesOf(t.store.db, hook.partner, hook.endpoint);
    assert.equal(d.status, 'delivered');
    assert.deepEqual(
      d.history.map((a) => [a.attempt, a.outcome, a.status_code]),
      [
        [1, 'failed', 503],
        [2, 'failed', 503],
        [3, 'delivered', 200],
      ],
    );
    assert.equal(d.history[0].error, 'HTTP 503');
    assert.equal(new Set(rx.received.map((m) => m.headers['webhook-id'])).size, 1, 'every retry has the same id');
  });

  it('gives up after the whole schedule (over 24 h), and a redelivery on request succeeds', async () => {
    const total = RETRY_SCHEDULE_S.reduce((a, b) => a + b, 0);
    assert.ok(total * 0.9 >= 24 * 3600, 'retries span at least 24 h even with -10 % jitter');
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url);
    const [slot] = await slotsAt(t.store, [1]);
    await book(t.store, { slotId: slot, status: 'confirmed', channel: 'kids', ownerId: hook.partner, now: T0 });
    rx.status = 500;
    let now = T0;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      assert.equal((await dispatch(now)).attempted, 1, `attempt ${i + 1}`);
      now = new Date(now.getTime() + (RETRY_SCHEDULE_S[i] ?? 0) * 1000);
    }
    const [failed] = await deliveriesOf(t.store.db, hook.partner, hook.endpoint);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, MAX_ATTEMPTS);
    assert.equal((await dispatch(at(40 * 3600_000))).attempted, 0, 'a failed delivery is not retried by itself');

    rx.status = 200;
    await assert.rejects(redeliver(t.store, 'ptn_someoneelse', failed.id), /has no delivery/);
    await redeliver(t.store, hook.partner, failed.id, at(41 * 3600_000));
    assert.equal((await dispatch(at(41 * 3600_000))).delivered, 1);
    const [again] = await deliveriesOf(t.store.db, hook.partner, hook.endpoint);
    assert.equal(again.status, 'delivered');
    assert.equal(again.history.at(-1)?.attempt, MAX_ATTEMPTS + 1);
  });

  it('fails the deliveries of a disabled endpoint at once, without a request', async () => {
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url);
    const [slot] = await slotsAt(t.store, [1]);
    await book(t.store, { slotId: slot, status: 'confirmed', channel: 'kids', ownerId: hook.partner, now: T0 });
    await setEndpointEnabled(t.store, hook.partner, hook.endpoint, false, T0);
    assert.deepEqual(
      await dispatch(at(MIN)),
      { fannedOut: 1, attempted: 0, delivered: 0, failed: 0 },
      'no delivery for a disabled endpoint',
    );
    await setEndpointEnabled(t.store, hook.partner, hook.endpoint, true, T0);
    const [slot2] = await slotsAt(t.store, [1]);
    await book(t.store, { slotId: slot2, status: 'confirmed', channel: 'kids', ownerId: hook.partner, now: T0 });
    await dispatch(at(MIN), { batch: 0 }); // fan out only: the delivery is created while enabled
    await setEndpointEnabled(t.store, hook.partner, hook.endpoint, false, T0);
    const r = await dispatch(at(2 * MIN));
    assert.deepEqual([r.attempted, r.failed], [1, 1], 'fanned out while enabled, failed at its turn once disabled');
    assert.equal(rx.received.length, 0);
    const [d] = await deliveriesOf(t.store.db, hook.partner, hook.endpoint);
    assert.equal(d.status, 'failed');
    assert.equal(d.last_error, 'the endpoint is disabled');
  });

  it('a rolled-back change writes and sends nothing', async () => {
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url);
    const [slot] = await slotsAt(t.store, [1]);
    const before = await t.store.db.selectFrom('outbox_events').select('id').execute();
    await assert.rejects(
      t.store.tx(async (trx) => {
        await bookIn(trx, { slotId: slot, status: 'held', channel: 'kids', ownerId: hook.partner, now: T0 });
        throw new Error('the payment provider refused');
      }),
      /payment provider refused/,
    );
    const afterRows = await t.store.db.selectFrom('outbox_events').select('id').execute();
    assert.equal(afterRows.length, before.length);
    assert.equal((await dispatch(at(MIN))).attempted, 0);
    assert.equal(rx.received.length, 0);
  });

  it('writes no event when nobody consumes it, and expiry events from the sweep', async () => {
    const [slot] = await slotsAt(t.store, [3]);
    const count = async () => (await t.store.db.selectFrom('outbox_events').select('id').execute()).length;
    const n = await count();
    await book(t.store, {
      slotId: slot,
      status: 'held',
      channel: 'kids',
      ownerId: 'ptn_without_endpoints',
      holdMinutes: 10,
      now: T0,
    });
    assert.equal(await count(), n, 'an owner without endpoints costs no INSERT');

    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url, ['booking.expired']);
    await book(t.store, {
      slotId: slot,
      status: 'held',
      channel: 'kids',
      ownerId: hook.partner,
      holdMinutes: 10,
      now: T0,
    });
    assert.equal(await expireHolds(t.store, at(11 * MIN)), 2);
    await dispatch(at(12 * MIN));
    assert.deepEqual(types(), ['booking.expired'], 'only the subscribed type, only for the hooked partner');
  });

  it('two dispatchers never deliver the same attempt twice', async () => {
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url);
    const slots = await slotsAt(t.store, Array(20).fill(1));
    for (const slot of slots)
      await book(t.store, { slotId: slot, status: 'confirmed', channel: 'kids', ownerId: hook.partner, now: T0 });
    const worker = () =>
      run(process.execPath, ['--import', 'tsx', 'test/webhooks/dispatch-worker.ts', t.url, at(MIN).toISOString()]);
    const results = (await Promise.all([worker(), worker()])).map((r) => JSON.parse(r.stdout) as { attempted: number });
    assert.equal(results[0].attempted + results[1].attempted, 20, 'the two processes attempted 20 deliveries in all');
    const ids = rx.received.map((m) => String(m.headers['webhook-id']));
    assert.equal(ids.length, 20, 'each event delivered');
    assert.equal(new Set(ids).size, 20, 'no event delivered twice');
    const attempts = await t.store.db
      .selectFrom('event_attempts as a')
      .innerJoin('event_deliveries as d', 'd.id', 'a.delivery_id')
      .select(['a.attempt'])
      .where(
        'd.endpoint_id',
        '=',
        (
          await t.store.db
            .selectFrom('webhook_endpoints')
            .select('id')
            .where('code', '=', hook.endpoint)
            .executeTakeFirstOrThrow()
        ).id,
      )
      .execute();
    assert.equal(attempts.length, 20);
    assert.ok(attempts.every((a) => a.attempt === 1));
  });
});

// Issue 16: when an operator cancels a session, each CoWIN beneficiary booked on it is told by
// SMS with the reason, driven from the outbox (durable, retried like a webhook): the SMS
// sender failing leaves the delivery pending, and the next attempt sends it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cancelSession } from '../../src/core/cowin/session-changes.js';
import { notifySessionCancelled } from '../../src/core/cowin/session-notices.js';
import type { SmsMessage } from '../../src/core/cowin/sms.js';
import { book } from '../../src/core/scheduling/bookings.js';
import { dispatcher, partnerWithEndpoint } from './fixtures.js';
import { startReceiver, verified, type Receiver } from './receiver.js';
import { TEST_SECRET, testDb, type TestDb } from '../helpers/db.js';
import { appointment, type Appointment } from '../console/fixtures.js';

describe('telling beneficiaries of a cancelled session', () => {
  let t: TestDb;
  let a: Appointment;
  let now: Date;
  let rx: Receiver;
  before(async () => {
    rx = await startReceiver();
    t = await testDb();
    a = await appointment(t.store);
    const slot = await t.store.db
      .selectFrom('slots')
      .select('start_at')
      .where('id', '=', a.slotId)
      .executeTakeFirstOrThrow();
    now = new Date(new Date(slot.start_at).getTime() - 6 * 3600_000);
  });
  after(async () => {
    await rx.close();
    await t?.drop();
  });

  it('sends one SMS per beneficiary with the reason, retried until the SMS gateway takes it; partners get a webhook', async () => {
    // A partner's booking on the same session: it reaches the partner as booking.cancelled.
    const hook = await partnerWithEndpoint(t.store, TEST_SECRET, rx.url, ['booking.cancelled']);
    const partnerBooking = await book(t.store, {
      slotId: a.slotId,
      status: 'confirmed',
      channel: 'kids',
      ownerId: hook.partner,
      now,
    });
    const r = await cancelSession(
      t.store,
      { operatorId: 0, role: 'admin' },
      {
        centre: a.centreCode,
        slotId: a.slotId,
        reason: 'The vaccine delivery is delayed',
        now,
      },
    );
    assert.deepEqual(r.bookings.sort(), [a.confirmationNo, partnerBooking.booking.code].sort());
    const sent: SmsMessage[] = [];
    let gatewayUp = false;
    const sms = {
      async send(m: SmsMessage) {
        if (!gatewayUp) throw new Error('SMS webhook failed (HTTP 502)');
        sent.push(m);
      },
    };
    const dispatch = dispatcher(t.store, {
      notify: (personId, event) => notifySessionCancelled(t.store.db, sms, personId, event),
    });
    const first = await dispatch(now);
    assert.equal(first.attempted, 2, 'one SMS, one webhook');
    assert.equal(first.delivered, 1, 'the webhook');
    assert.equal(sent.length, 0);
    assert.equal(rx.received.length, 1);
    assert.ok(verified(hook.secret, rx.received[0]));
    const event = JSON.parse(rx.received[0].body) as { type: string; data: Record<string, unknown> };
    assert.equal(event.type, 'booking.cancelled');
    assert.equal(event.data.cancelled_by, 'operator');
    assert.equal(event.data.reason, 'The vaccine delivery is delayed');
    const d = await t.store.db.selectFrom('event_deliveries').selectAll().where('target', '=', 'sms').execute();
    assert.equal(d.length, 1);
    assert.equal(d[0].status, 'pending');
    assert.match(d[0].last_error ?? '', /HTTP 502/);

    gatewayUp = true;
    assert.equal((await dispatch(new Date(now.getTime() + 5_000))).delivered, 1);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].to, a.mobile);
    assert.equal(sent[0].kind, 'session_cancelled');
    assert.match(
      sent[0].text,
      new RegExp(
        `appointment ${a.confirmationNo} at .* was cancelled by the centre: The vaccine delivery is delayed\\.`,
      ),
    );
    assert.equal((await dispatch(new Date(now.getTime() + 3600_000))).attempted, 0, 'told once');
  });
});

// Issue 14's "must show", end to end: a partner app written with the SDK registers a webhook
// endpoint, completes a kids booking and a video booking, and receives the signed events at a
// local receiver that checks them with the SDK's verifyWebhook. The receiver is down at first:
// the deliveries are retried and then succeed. Then the app redelivers one event on request.
// The server's own dispatcher is off (WEBHOOK_DISPATCH_MS=0); the test runs dispatcher passes
// itself at chosen instants, so retries are due without waiting minutes.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createClient, verifyWebhook } from 'careslot/client';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { payOnSandbox } from './checkout.js';
import { bornMonthsBefore, daysAhead } from '../kids-vaccination/fixtures.js';
import { dispatcher } from '../webhooks/fixtures.js';
import { bookKidsVaccination, bookVideoConsultation } from './examples.js';

interface Event {
  type: string;
  data: { booking?: { booking_id: string } };
}

/** The partner app's receiver: verifies each delivery with the SDK; answers 503 while `down`. */
function receiver(secret: () => string) {
  const state = { down: true, events: [] as { id: string; event: Event }[], refused: 0, server: null as Server | null };
  state.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.down) return res.writeHead(503).end();
      try {
        const event = verifyWebhook<Event>(secret(), req.headers, Buffer.concat(chunks), { toleranceSeconds: 300 });
        state.events.push({ id: String(req.headers['webhook-id']), event });
        res.writeHead(204).end();
      } catch {
        state.refused++;
        res.writeHead(400).end();
      }
    });
  });
  return state;
}

describe('a partner app on the SDK: bookings, signed webhooks, retries, redelivery', () => {
  let t: TestApp;
  let base: string;
  let secret = '';
  const rx = receiver(() => secret);
  let hookUrl: string;
  before(async () => {
    t = await testApp({ env: { WEBHOOK_DISPATCH_MS: '0' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await new Promise<void>((r) => rx.server!.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(rx.server!.address() as AddressInfo).port}/careslot-events`;
  });
  after(async () => {
    await new Promise((r) => rx.server!.close(r));
    await t.close();
  });

  const pay = (paymentUrl: string) => payOnSandbox(base, paymentUrl);

  it('receives every event signed, after the receiver was down, and redelivers one on request', async () => {
    const partner = sandboxPartnerCredentials(t.config);
    const careslot = createClient({ baseUrl: base, partner });
    const endpoint = await careslot.webhooks.createEndpoint({ url: hookUrl });
    secret = endpoint.secret;
    assert.match(secret, /^whsec_/);

    const day = daysAhead(2);
    const kids = await bookKidsVaccination(base, partner, day, {
      name: 'Noor Haddad',
      birth_date: bornMonthsBefore(6, day),
      gender: 'female',
    });
    await pay(kids.payment_url);
    const video = await bookVideoConsultation(base, partner);
    await pay(video.payment_url!);
    const ours = new Set([kids.booking_id, video.booking_id]);

    // The receiver is down: the first pass attempts everything and every attempt fails.
    const dispatch = dispatcher(t.store, { instanceSecret: t.config.secret });
    const start = Date.now();
    const first = await dispatch(new Date(start));
    assert.ok(first.attempted >= 6, `held, paid and confirmed for both bookings (attempted ${first.attempted})`);
    assert.equal(first.delivered, 0);
    assert.equal(rx.events.length, 0);

    // Back up: the retries, due 5 s later, all succeed, each signed.
    rx.down = false;
    const second = await dispatch(new Date(start + 6_000));
    assert.equal(second.delivered, first.attempted);
    assert.equal(rx.refused, 0, 'every delivery verified');
    const types = (id: string) =>
      rx.events.filter((e) => e.event.data.booking?.booking_id === id).map((e) => e.event.type);
    for (const id of ours) {
      assert.ok(types(id).includes('booking.held'), `${id}: ${types(id)}`);
      assert.ok(types(id).includes('booking.confirmed'), `${id}: ${types(id)}`);
    }

    // The deliveries, as the SDK shows them: two attempts each, the first refused with 503.
    const kidsConfirmed = rx.events.find(
      (e) => e.event.type === 'booking.confirmed' && e.event.data.booking?.booking_id === kids.booking_id,
    );
    assert.ok(kidsConfirmed);
    const { deliveries } = await careslot.webhooks.deliveries(endpoint.endpoint.id);
    const delivery = deliveries.find((d) => d.event_id === kidsConfirmed.id);
    assert.ok(delivery, `a delivery of event ${kidsConfirmed.id}`);
    assert.equal(delivery.status, 'delivered');
    assert.deepEqual(
      delivery.history.map((a) => [a.outcome, a.status_code]),
      [
        ['failed', 503],
        ['delivered', 204],
      ],
    );

    // Redelivered on request: the same event (same webhook-id) arrives again, signed.
    const count = rx.events.length;
    await careslot.webhooks.redeliver(delivery.id);
    await dispatch(new Date(start + 12_000));
    assert.equal(rx.events.length, count + 1);
    assert.equal(rx.refused, 0);
    const again = rx.events[rx.events.length - 1];
    assert.equal(again.id, kidsConfirmed.id);
    assert.equal(again.event.type, 'booking.confirmed');
  });
});

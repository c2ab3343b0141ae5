// The partner webhook API (/webhooks/v1, signed like every partner call), the `careslot
// webhook` CLI, and the metrics that count bookings, payments and deliveries behind a token.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { book, cancel, confirm } from '../../src/core/scheduling/bookings.js';
import { isPublicAddress, postJson } from '../../src/core/webhooks/http-post.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';
import { newPartner, type PartnerClient } from '../helpers/partner.js';
import { at, dispatcher, slotsAt, T0 } from './fixtures.js';
import { startReceiver, verified, type Receiver } from './receiver.js';

const exec = promisify(execFile);
const W = '/webhooks/v1';
const METRICS_TOKEN = 'metrics-token-for-tests-0123';

describe('webhook API, CLI and metrics', () => {
  let t: TestApp;
  let rx: Receiver;
  let acme: PartnerClient & { id: string };
  let other: PartnerClient & { id: string };
  before(async () => {
    t = await testApp({ seeded: false, env: { WEBHOOK_DISPATCH_MS: '0', METRICS_TOKEN } });
    rx = await startReceiver();
    acme = await newPartner(t.app, t.store, t.config, 'Acme', []);
    other = await newPartner(t.app, t.store, t.config, 'Other', []);
  });
  after(async () => {
    await rx.close();
    await t.close();
  });
  const info = (res: { body: string }) => (JSON.parse(res.body) as { data: { info: any } }).data.info;
  const dispatch = (now: Date) => dispatcher(t.store)(now);

  it('registers an endpoint (secret shown once), delivers to it, lists deliveries and redelivers', async () => {
    const created = await acme.post(`${W}/endpoints`, {
      url: rx.url,
      events: ['booking.confirmed', 'payment.succeeded'],
    });
    assert.equal(created.statusCode, 200, created.body);
    const { endpoint, secret } = info(created);
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.deepEqual(endpoint.events, ['booking.confirmed', 'payment.succeeded']);
    const list = await acme.get(`${W}/endpoints`);
    assert.equal(info(list).endpoints.length, 1);
    assert.doesNotMatch(list.body, /whsec_/, 'the secret is never shown again');
    const row = await t.store.db.selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
    assert.ok(!row.secret_enc.includes(secret.slice(6, 20)), 'stored encrypted');

    const [slot] = await slotsAt(t.store, [1]);
    const { booking } = await book(t.store, {
      slotId: slot,
      status: 'held',
      channel: 'kids',
      ownerId: acme.id,
      now: T0,
    });
    await confirm(t.store, booking.id, at(60_000));
    await dispatch(at(120_000));
    assert.equal(rx.received.length, 1, 'only the subscribed type (booking.confirmed)');
    assert.ok(verified(secret, rx.received[0]));

    const deliveries = await acme.get(`${W}/endpoints/${endpoint.id}/deliveries`);
    const [d] = info(deliveries).deliveries;
    assert.equal(d.status, 'delivered');
    assert.equal(d.event_type, 'booking.confirmed');
    assert.equal(d.history[0].status_code, 200);
    const again = await acme.post(`${W}/deliveries/${d.id}/redeliver`, {});
    assert.equal(again.statusCode, 200, again.body);
    assert.equal((await dispatch(at(180_000))).delivered, 1);
    assert.equal(rx.received.length, 2);
    assert.equal(rx.received[1].headers['webhook-id'], rx.received[0].headers['webhook-id']);

    // Object-level authorization: another partner sees none of it.
    assert.equal((await other.get(`${W}/endpoints/${endpoint.id}/deliveries`)).statusCode, 404);
    assert.equal((await other.post(`${W}/deliveries/${d.id}/redeliver`, {})).statusCode, 404);
    assert.equal((await other.post(`${W}/endpoints/${endpoint.id}/disable`, {})).statusCode, 404);
    assert.equal(info(await other.get(`${W}/endpoints`)).endpoints.length, 0);

    const disabled = await acme.post(`${W}/endpoints/${endpoint.id}/disable`, {});
    assert.equal(info(disabled).enabled, false);
    const refused = await acme.post(`${W}/deliveries/${d.id}/redeliver`, {});
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /is disabled; enable it before redelivering/);
  });

  it('refuses bad URLs and event types with a message that says what to fix, and unsigned calls', async () => {
    const bad = await acme.post(`${W}/endpoints`, { url: 'ftp://partner.example/x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /url must start with https:\/\//);
    const creds = await acme.post(`${W}/endpoints`, { url: 'https://u:p@partner.example/x' });
    assert.match(creds.body, /must not carry a user name or password/);
    const type = await acme.post(`${W}/endpoints`, { url: 'https://partner.example/x', events: ['booking.paid'] });
    assert.equal(type.statusCode, 400);
    const unsigned = await t.app.inject({ method: 'GET', url: `${W}/endpoints` });
    assert.equal(unsigned.statusCode, 401);
  });

  it('never reaches private addresses in production, never follows redirects, and times out', async () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.9', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fd00::1'])
      assert.equal(isPublicAddress(ip), false, ip);
    for (const ip of ['8.8.8.8', '2606:4700:4700::1111']) assert.equal(isPublicAddress(ip), true, ip);
    const opts = { timeoutMs: 2000, allowPrivate: false };
    const refused = await postJson(rx.url, {}, '{}', opts);
    assert.match(refused.error ?? '', /not a public address/);
    const byName = await postJson(rx.url.replace('127.0.0.1', 'localhost'), {}, '{}', opts);
    assert.match(byName.error ?? '', /non-public address/);
    const n = rx.received.length;
    rx.status = 302;
    const redirected = await postJson(rx.url, {}, '{}', { ...opts, allowPrivate: true });
    rx.status = 200;
    assert.equal(redirected.status, 302);
    assert.match(redirected.error ?? '', /redirects are not followed/);
    assert.equal(rx.received.length, n + 1, 'the redirect target was not requested');
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as { port: number }).port;
      const slow = await postJson(`http://127.0.0.1:${port}/`, {}, '{}', { timeoutMs: 200, allowPrivate: true });
      assert.match(slow.error ?? '', /no answer within 200 ms/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('counts bookings by API and event, and guards /metrics with METRICS_TOKEN', async () => {
    const [slot] = await slotsAt(t.store, [2]);
    const { booking } = await book(t.store, {
      slotId: slot,
      status: 'held',
      channel: 'video',
      ownerId: other.id,
      now: T0,
    });
    await cancel(t.store, booking.id, at(60_000));
    assert.equal((await t.app.inject({ url: '/metrics' })).statusCode, 401);
    const wrong = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.statusCode, 401);
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /careslot_bookings_total\{api="video",event="created"\} 1\b/);
    assert.match(res.body, /careslot_bookings_total\{api="video",event="cancelled"\} 1\b/);
    assert.match(
      res.body,
      /careslot_webhook_deliveries_total\{target="webhook",outcome="delivered"\}|careslot_webhook_deliveries_total 0|# TYPE careslot_webhook_deliveries_total counter/,
    );
  });

  it('careslot webhook add/list/deliveries work on the same database', async () => {
    const env = { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) => exec(process.execPath, ['bin/careslot.js', 'webhook', ...args], { env });
    const { stdout } = await cli(
      'add',
      '--partner',
      other.id,
      '--url',
      'https://other.example/hook',
      '--events',
      'booking.cancelled,booking.expired',
      '--json',
    );
    const added = JSON.parse(stdout) as { endpoint_id: string; secret: string; events: string };
    assert.match(added.secret, /^whsec_/);
    assert.equal(added.events, 'booking.cancelled,booking.expired');
    const listed = JSON.parse((await cli('list', '--partner', other.id, '--json')).stdout) as {
      endpoints: { id: string }[];
    };
    assert.deepEqual(
      listed.endpoints.map((e) => e.id),
      [added.endpoint_id],
    );
    await assert.rejects(
      cli('add', '--partner', other.id, '--url', 'https://x.example', '--events', 'nope'),
      /unknown event type nope/,
    );
    await assert.rejects(cli('list'), /--partner is required/);
  });
});

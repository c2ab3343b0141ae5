// docs/sdk.md's examples (test/sdk/examples.ts) against a real Careslot over HTTP: a kids
// booking and a video booking through the SDK in sandbox, paid on the sandbox checkout, and
// a webhook receiver that accepts only correctly signed deliveries.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CareslotError, createClient } from 'careslot/client';
import { sandboxGuestUserName } from '../../src/sandbox/cowin-guest.js';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { payOnSandbox } from './checkout.js';
import { bornMonthsBefore, daysAhead } from '../kids-vaccination/fixtures.js';
import { bookKidsVaccination, bookVideoConsultation, statusOf, webhookReceiver } from './examples.js';

describe('docs/sdk.md examples on a real server', () => {
  let t: TestApp;
  let base: string;
  let partner: { token: string; secret: string };
  before(async () => {
    t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    partner = sandboxPartnerCredentials(t.config);
  });
  after(async () => {
    await t.close();
  });

  const pay = (paymentUrl: string) => payOnSandbox(base, paymentUrl);

  it('completes a kids booking through the SDK: book (signed), pay, confirmed', async () => {
    const day = daysAhead(2);
    const child = { name: 'Lina Al-Harbi', birth_date: bornMonthsBefore(6, day), gender: 'female' as const };
    const booking = await bookKidsVaccination(base, partner, day, child);
    assert.equal(booking.status, 'held');
    assert.match(booking.booking_id, /^bk_/);
    assert.equal((await statusOf(base, partner, booking.booking_id))?.status, 'held');
    await pay(booking.payment_url);
    const done = await statusOf(base, partner, booking.booking_id);
    assert.equal(done?.status, 'confirmed');
    assert.equal(await statusOf(base, partner, 'bk_000000000000'), undefined, 'an unknown booking is 1004');
  });

  it('completes a video booking through the SDK and gets the join link once paid', async () => {
    const booking = await bookVideoConsultation(base, partner);
    assert.equal(booking.status, 'held');
    await pay(booking.payment_url!);
    const careslot = createClient({ baseUrl: base, partner });
    const done = await careslot.video.booking(booking.booking_id);
    assert.equal(done.status, 'confirmed');
    assert.match(done.join_url ?? '', /^https:\/\//);
  });

  it('turns error answers into CareslotError: a wrong secret is 1003, an unsigned client cannot call signed routes', async () => {
    const wrong = createClient({ baseUrl: base, partner: { token: partner.token, secret: 'cps_not_the_secret' } });
    const err = await wrong.kids.booking('bk_000000000000').catch((e) => e);
    assert.ok(err instanceof CareslotError, String(err));
    assert.equal(err.httpStatus, 401);
    assert.equal(err.code, 1003);
    assert.match(err.message, /signature does not match/);
    const anonymous = createClient({ baseUrl: base });
    assert.ok((await anonymous.kids.services({ prd_id: 'KV-SANDBOX' })).services.length > 0, 'unsigned routes work');
    await assert.rejects(anonymous.kids.booking('bk_1'), /create the client with partner: \{ token, secret \}/);
  });

  it('the registration client logs in as a guest and reads the CoWIN metadata with its token', async () => {
    const careslot = createClient({ baseUrl: base });
    await assert.rejects(careslot.registration.states(), (e: CareslotError) => e.httpStatus === 401);
    const token = await careslot.registration.guestLogin(sandboxGuestUserName(t.config));
    assert.match(token, /^ey/);
    const states = await careslot.registration.states();
    assert.ok(states.length > 0 && typeof states[0].state_name === 'string');
  });

  it('the webhook receiver accepts a delivery signed as Standard Webhooks says, and nothing else', async () => {
    const key = Buffer.from('careslot-sdk-example-webhook-key!');
    const secret = `whsec_${key.toString('base64')}`;
    const events: { type: string }[] = [];
    const server = webhookReceiver(secret, (e) => events.push(e));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const body = JSON.stringify({ type: 'booking.confirmed', data: { booking_id: 'bk_9d2kq7m3x1a8' } });
      const id = 'msg_2Lq8m3x1a8';
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
      const send = (b: string, signature: string) =>
        fetch(url, {
          method: 'POST',
          body: b,
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': ts,
            'webhook-signature': signature,
          },
        });
      assert.equal((await send(body, `v1,${sig}`)).status, 204);
      assert.equal((await send(body.replace('confirmed', 'cancelled'), `v1,${sig}`)).status, 400);
      assert.equal((await send(body, `v1,${Buffer.alloc(32).toString('base64')}`)).status, 400);
      assert.deepEqual(
        events.map((e) => e.type),
        ['booking.confirmed'],
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('every TypeScript block of docs/sdk.md is code of test/sdk/examples.ts', () => {
    const doc = readFileSync(new URL('../../docs/sdk.md', import.meta.url), 'utf8');
    const code = readFileSync(new URL('./examples.ts', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1].trimEnd());
    assert.ok(blocks.length >= 4, `docs/sdk.md has ${blocks.length} ts blocks`);
    for (const block of blocks) assert.ok(code.includes(block), `not in test/sdk/examples.ts:\n${block}`);
  });
});

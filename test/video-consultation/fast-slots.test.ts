// Video /slots answered around Fastify (src/api/fast-reads.ts): an anonymous read of a doctor's
// day that is kept is rendered at once, exactly as the route renders it, and a booking shows
// in the very next read. A signed read, a bad query, an unknown doctor or a day not read yet
// is the route's. The app's clock is fixed, so no answer depends on the hour the test runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { bookBody, call, newPartner, type TestPartner, V } from './api-helpers.js';
import { doctorWithHours } from './helpers.js';
import { comparable, type Served } from '../helpers/served.js';

const NOW = new Date('2031-03-02T06:00:00Z'); // 09:00 in Riyadh
const DAY = '2031-03-04';
const ROUND_THE_CLOCK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

describe('video /slots answered around Fastify', () => {
  let t: TestApp;
  let base: string;
  let partner: TestPartner;
  let doctor: string;
  const path = (date = DAY, id = doctor) => `${V}/slots?doctor_id=${encodeURIComponent(id)}&date=${date}`;
  const fetched = async (url: string, headers: Record<string, string> = {}): Promise<Served> => {
    const res = await fetch(base + url, { headers });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
  const injected = async (url: string): Promise<Served> => {
    const res = await t.app.inject({ method: 'GET', url });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) headers[k] = String(v);
    return { status: res.statusCode, headers, body: res.body };
  };

  before(async () => {
    t = await testApp({ now: () => NOW, env: { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    partner = await newPartner(t.store, t.config.secret, 'Fast slots partner');
    doctor = (await doctorWithHours(t.store.db, { hours: ROUND_THE_CLOCK, slotMinutes: 60, days: 4, now: NOW })).code;
  });
  after(() => t.close());

  it("renders a kept doctor's day as the route renders it", async () => {
    const first = await fetched(path());
    assert.equal(first.status, 200, first.body);
    assert.equal(JSON.parse(first.body).data.info.slots.length, 24);
    const answered = t.app.fastReads.answered;
    const kept = await fetched(path());
    assert.equal(t.app.fastReads.answered, answered + 1, 'the second read is answered around Fastify');
    assert.deepEqual(comparable(kept), comparable(first));
    assert.deepEqual(comparable(kept), comparable(await injected(path())));
    // The same body as the route renders from scratch, in an app that keeps nothing yet.
    const other = await buildApp(t.config, { store: t.store, logger: false, now: () => NOW });
    try {
      await other.ready();
      assert.equal(kept.body, (await other.inject({ method: 'GET', url: path() })).body);
    } finally {
      await other.close();
    }
  });

  it('leaves to the route what it must judge or read, whose answer is unchanged', async () => {
    await fetched(path()); // kept from here on
    const signed = await call(t.app, 'GET', path(), { partner });
    assert.equal(signed.status, 200, signed.raw);
    const cases: [string, Record<string, string>, number][] = [
      [path(), { authorization: `Bearer ${partner.token}`, cmt: 'v1,t=1,n=x,s=y' }, 401],
      [path('2031-03-05'), {}, 200], // a day not read yet
      [path('2031-02-30'), {}, 400],
      [path('04-03-2031'), {}, 400],
      [path('2031-03-01'), {}, 400], // before today in Riyadh
      [path(DAY, 'no-such-doctor'), {}, 404],
      [path(DAY, ''), {}, 400],
      [`${V}/slots?date=${DAY}`, {}, 400],
      [path(DAY, 'x'.repeat(65)), {}, 400],
    ];
    for (const [url, headers, status] of cases) {
      const answered = t.app.fastReads.answered;
      const res = await fetched(url, headers);
      assert.equal(t.app.fastReads.answered, answered, `${url} goes to Fastify`);
      assert.equal(res.status, status, `${url}: ${res.body}`);
    }
    // A doctor found unknown once is still the route's (it answers 404 from its cache).
    assert.equal((await fetched(path(DAY, 'no-such-doctor'))).status, 404);
  });

  it('shows a booking in the very next read', async () => {
    const slotIds = async () =>
      JSON.parse((await fetched(path())).body).data.info.slots.map((s: { slot_id: string }) => s.slot_id);
    const before = await slotIds();
    assert.deepEqual(await slotIds(), before);
    const booked = await call(t.app, 'POST', `${V}/book`, { partner, body: bookBody(doctor, before[3]) });
    assert.equal(booked.status, 200, booked.raw);
    const answered = t.app.fastReads.answered;
    assert.deepEqual(await slotIds(), [...before.slice(0, 3), ...before.slice(4)]);
    assert.equal(t.app.fastReads.answered, answered, 'the first read after the booking reads the day again');
    assert.deepEqual(await slotIds(), [...before.slice(0, 3), ...before.slice(4)]);
    assert.equal(t.app.fastReads.answered, answered + 1);
  });
});

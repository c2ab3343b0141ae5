// The read path around Fastify (src/api/fast-reads.ts) over a real listening server: a kept
// answer it gives is the one Fastify gives (status, headers, body), with the same request id,
// rate limits, metrics and log lines; everything it must not answer (no or bad credentials,
// a bad query, a disabled account, a key to check, a limit reached, HEAD) is Fastify's answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createGuest as createGuestAccount, setGuestDisabled } from '../../src/core/cowin/guests.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { readModelLoaded, stoppedClock } from '../helpers/app.js';
import { createBeneficiary, createCentre, createGuest, type TestCentre } from '../cowin/appointment-fixtures.js';
import { beneficiaryToken, guestToken } from '../cowin/api-helpers.js';
import { cacheCounts } from '../../src/core/shared/cache-stats.js';
import { comparable, countedOk, listeningApp, type Served } from '../helpers/served.js';

const started = listeningApp;

async function fetched(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Served> {
  const res = await fetch(url, { method, headers });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** Fastify's own answer to the same request (inject never takes the path around it). */
async function injected(app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<Served> {
  const res = await app.inject({ method: 'GET', url, headers });
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) h[k] = String(v);
  return { status: res.statusCode, headers: h, body: res.body };
}

/** Book the centre's first slot through scheduleAppointment, for a new beneficiary of `mobile`. */
async function bookFirstSlot(base: string, db: TestDb, c: TestCentre, mobile: string): Promise<void> {
  const guestId = await createGuest(db.store);
  const b = await createBeneficiary(db.store, guestId, mobile, 1980);
  const token = await beneficiaryToken(db.config, mobile, guestId);
  const booked = await fetch(`${base}/api/v1/appointment/scheduleAppointment`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      center_id: c.id,
      date: c.slots[0].date,
      slot_id: c.slots[0].id,
      beneficiaries: [b.referenceId],
    }),
  });
  assert.equal(booked.status, 200, await booked.text());
}

describe('reads answered around Fastify', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let base: string;
  let guest: string;
  let centre: TestCentre;
  let paths: string[];
  before(async () => {
    ({ db, app, base } = await started({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' }));
    guest = await guestToken(db.config, String(await createGuest(db.store)));
    centre = await createCentre(db.store, [5, 3]);
    const [from, to] = [centre.slots[0].date, centre.slots[1].date];
    const iso = (d: string) => d.split('-').reverse().join('-');
    paths = [
      '/api/v1/appointment/centers/findByPin?pin=411001',
      '/api/v1/appointment/centers/findbyDistrict?district_id=363',
      `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&from=${from}&to=${to}`,
      `/api/v2/appointment/sessions/public/calendarByPin?pincode=411001&date=${from}`,
      `/api/v2/appointment/sessions/public/findByDistrict?district_id=363&date=${to}`,
    ];
    assert.ok(iso(from) <= iso(to));
  });
  after(async () => {
    await app.close();
    await db.drop();
  });
  const auth = () => ({ authorization: `Bearer ${guest}` });

  it('gives a kept answer exactly as Fastify gives it', async () => {
    for (const path of paths) {
      const first = await fetched(base + path, auth());
      assert.equal(first.status, 200, `${path}: ${first.body}`);
      const before = app.fastReads.answered;
      const kept = await fetched(base + path, auth());
      assert.equal(app.fastReads.answered, before + 1, `${path} is answered around Fastify once kept`);
      assert.deepEqual(comparable(kept), comparable(first), path);
      assert.deepEqual(comparable(kept), comparable(await injected(app, path, auth())), path);
      assert.match(kept.headers['x-request-id'], /^[0-9a-f-]{36}$/);
      assert.notEqual(kept.headers['x-request-id'], first.headers['x-request-id']);
    }
    assert.ok(JSON.parse((await fetched(base + paths[2], auth())).body).timeslots.length === 2);
  });

  it('echoes a plausible x-request-id and replaces any other', async () => {
    await fetched(base + paths[0], auth());
    const given = await fetched(base + paths[0], { ...auth(), 'x-request-id': 'trace-42.a:b' });
    assert.equal(given.headers['x-request-id'], 'trace-42.a:b');
    const odd = await fetched(base + paths[0], { ...auth(), 'x-request-id': 'no spaces allowed' });
    assert.match(odd.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  });

  it('leaves every request it must not answer to Fastify, whose answer is unchanged', async () => {
    const pin = '/api/v1/appointment/centers/findByPin?pin=411001';
    await fetched(base + pin, auth()); // kept from here on
    const cases: [string, Record<string, string>, number, string][] = [
      [pin, {}, 401, 'USRAUT0001'],
      [pin, { authorization: 'Bearer not-a-token' }, 401, 'USRAUT0001'],
      ['/api/v1/appointment/centers/findByPin?pin=41100', auth(), 400, 'APPOIN0001'],
      ['/api/v1/appointment/centers/findByPin?pin=411001&pin=411002', auth(), 400, ''],
      ['/api/v1/appointment/centers/findByPin?pin=4110%0001', auth(), 400, ''],
      [
        `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&from=${centre.slots[1].date}&to=${centre.slots[0].date}`,
        auth(),
        400,
        'APPOIN0001',
      ],
    ];
    for (const [path, headers, status, code] of cases) {
      const before = app.fastReads.answered;
      const res = await fetched(base + path, headers);
      assert.equal(app.fastReads.answered, before, `${path} goes to Fastify`);
      assert.equal(res.status, status, `${path}: ${res.body}`);
      if (code) assert.equal(JSON.parse(res.body).errorCode, code);
      assert.deepEqual(comparable(res), comparable(await injected(app, path, headers)), path);
    }
    // A trailing slash and HEAD are Fastify's (and still answered); so is a v2 read with a
    // key, which the route checks against the database.
    const v2 = paths[3];
    await fetched(base + v2);
    const before = app.fastReads.answered;
    assert.equal((await fetched(`${base}/api/v1/appointment/centers/findByPin/?pin=411001`, auth())).status, 200);
    assert.equal((await fetched(base + pin, auth(), 'HEAD')).status, 200);
    const keyed = await fetched(base + v2, { 'x-api-key': 'f'.repeat(40) });
    assert.equal(keyed.status, 401);
    assert.equal(app.fastReads.answered, before);
  });

  it('stops answering a guest whose account is disabled, at once', async () => {
    const { guest: g, userName } = await createGuestAccount(db.store.db, { name: 'Fast read app' });
    const headers = { authorization: `Bearer ${await guestToken(db.config, String(g.id))}` };
    const path = paths[0];
    await fetched(base + path, headers);
    const before = app.fastReads.answered;
    assert.equal((await fetched(base + path, headers)).status, 200);
    assert.equal(app.fastReads.answered, before + 1);
    await setGuestDisabled(db.store.db, userName, true);
    const refused = await fetched(base + path, headers);
    assert.equal(refused.status, 401);
    assert.equal(JSON.parse(refused.body).errorCode, 'USRAUT0001');
    assert.equal(app.fastReads.answered, before + 1);
  });

  it('renders a first time-slot or v2 read from what is kept, as Fastify renders it, and never from before a booking', async () => {
    const hindi = { 'accept-language': 'hi_IN' };
    const other = await buildApp(db.config, { store: db.store, logger: false });
    try {
      await other.ready();
      // v1 time slots: once Fastify has read the centre and its slots, another date range of
      // it is another key, not kept yet: rendered around Fastify.
      assert.equal((await fetched(base + paths[2], auth())).status, 200);
      const [dd, mm, yyyy] = centre.slots[1].date.split('-').map(Number);
      const dayAfter = new Date(Date.UTC(yyyy, mm - 1, dd + 1)).toISOString().slice(0, 10);
      const range = `from=${centre.slots[0].date}&to=${dayAfter.split('-').reverse().join('-')}`;
      const slotsPath = `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&${range}`;
      const answered = app.fastReads.answered;
      const slots = await fetched(base + slotsPath, auth());
      assert.equal(app.fastReads.answered, answered + 1, 'a new range of a kept centre is rendered around Fastify');
      assert.equal(slots.body, (await injected(other, slotsPath, auth())).body);
      assert.deepEqual(comparable(slots), comparable(await injected(app, slotsPath, auth())));
      assert.equal(JSON.parse(slots.body).timeslots.length, 2, slots.body);
      for (const name of ['findByPin', 'calendarByPin']) {
        const path = `/api/v2/appointment/sessions/public/${name}?pincode=411001&date=${centre.slots[0].date}`;
        // Fastify answers the route once (its serializer is taken from that reply); the listing
        // and the centre's slots are kept from then on.
        assert.equal((await fetched(base + path)).status, 200);
        // The Hindi answer is another key, not kept yet: rendered around Fastify.
        const before = app.fastReads.answered;
        const rendered = await fetched(base + path, hindi);
        assert.equal(app.fastReads.answered, before + 1, `${name} in Hindi is rendered around Fastify`);
        assert.equal(rendered.status, 200, rendered.body);
        // The same body as a Fastify route renders from scratch (another app: nothing kept),
        // and the same headers as this app's route gives.
        assert.equal(rendered.body, (await injected(other, path, hindi)).body, name);
        assert.deepEqual(comparable(rendered), comparable(await injected(app, path, hindi)), name);
        const body = JSON.parse(rendered.body);
        assert.ok((body.sessions ?? body.centers).length > 0, rendered.body);
      }
      // A booking changes a centre's slots: a first read after it is not rendered from the
      // slots kept before (they are read again, by Fastify), and shows it.
      const mine = await createCentre(db.store, [4]);
      const at = (lang: Record<string, string>) =>
        fetched(`${base}/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=${mine.slots[0].date}`, lang);
      const seats = (served: Served) =>
        JSON.parse(served.body).sessions.find((x: { center_id: number }) => x.center_id === mine.id).available_capacity;
      assert.equal(seats(await at({})), 4, 'read and kept: the listing and the centre slots');
      await bookFirstSlot(base, db, mine, '9000000082');
      assert.equal(seats(await at(hindi)), 3, 'a first read in Hindi after the booking shows it');
    } finally {
      await other.close();
    }
  });

  it('shows a booking at once: a read after it never gets the kept answer from before', async () => {
    const path = paths[2];
    const seats = async () =>
      JSON.parse((await fetched(base + path, auth())).body).timeslots.map(
        (s: { available_capacity: string }) => s.available_capacity,
      );
    assert.deepEqual(await seats(), ['5', '3']);
    assert.deepEqual(await seats(), ['5', '3']);
    await bookFirstSlot(base, db, centre, '9000000081');
    assert.deepEqual(await seats(), ['4', '3']);
  });
});

describe('what a read answered around Fastify leaves behind', () => {
  const pin = '/api/v1/appointment/centers/findByPin?pin=411001';
  const v2At = (c: TestCentre) =>
    `/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=${c.slots[0].date}`;

  it('counts against the rate limits as the route does, and is refused by Fastify past them', async () => {
    const { db, app, base } = await started(
      { RATE_LIMIT_PER_IP: '4', RATE_LIMIT_PER_ACCOUNT: '3' },
      undefined,
      stoppedClock(),
    );
    try {
      const v2 = v2At(await createCentre(db.store, [5]));
      const headers = { authorization: `Bearer ${await guestToken(db.config, String(await createGuest(db.store)))}` };
      // Per account: the first fills the cache through Fastify, the next two are answered here.
      for (let i = 0; i < 3; i++) assert.equal((await fetched(base + pin, headers)).status, 200);
      assert.equal(app.fastReads.answered, 2);
      const refused = await fetched(base + pin, headers);
      assert.equal(refused.status, 429);
      assert.equal(JSON.parse(refused.body).errorCode, 'APPOIN0429');
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      // Per address, without credentials (v2 public): four, then refused.
      for (let i = 0; i < 4; i++) assert.equal((await fetched(base + v2)).status, 200);
      assert.equal(app.fastReads.answered, 5);
      assert.equal((await fetched(base + v2)).status, 429);
      assert.equal(app.fastReads.answered, 5);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it("logs Fastify's two lines and observes the route's duration metric", async () => {
    const lines: string[] = [];
    const { db, app, base } = await started({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' }, lines);
    try {
      const v2 = v2At(await createCentre(db.store, [5]));
      await fetched(base + v2);
      lines.length = 0;
      await fetched(base + v2, { 'x-request-id': 'fast-1' });
      assert.equal(app.fastReads.answered, 1);
      const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'fast-1');
      assert.deepEqual(
        logged.map((l) => l.msg),
        ['incoming request', 'request completed'],
      );
      assert.equal(logged[0].req.method, 'GET');
      assert.equal(logged[0].req.url, v2);
      assert.equal(logged[0].req.remoteAddress, '127.0.0.1');
      assert.match(logged[0].req.host, /^127\.0\.0\.1:\d+$/);
      assert.equal(typeof logged[0].req.remotePort, 'number');
      assert.equal(logged[1].res.statusCode, 200);
      assert.equal(typeof logged[1].responseTime, 'number');
      assert.equal(
        await countedOk(base, 'GET', '/api/v2/appointment/sessions/public/findByPin'),
        '2',
        'both reads are counted under the route',
      );
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('is off with FAST_READS=0: every request goes through Fastify', async () => {
    const { db, app, base } = await started({ FAST_READS: '0' });
    try {
      const v2 = v2At(await createCentre(db.store, [5]));
      for (let i = 0; i < 3; i++) assert.equal((await fetched(base + v2)).status, 200);
      assert.equal(app.fastReads.answered, 0);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

describe('listings rendered at start', () => {
  it('answers a first search from the listing rendered when the read model loaded', async () => {
    const db = await testDb({ env: { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' } });
    await createCentre(db.store, [5]);
    const app = await buildApp(db.config, { store: db.store, logger: false });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      await readModelLoaded(app);
      const headers = { authorization: `Bearer ${await guestToken(db.config, String(await createGuest(db.store)))}` };
      // The token's first use is Fastify's (its signature is checked there); the listing is already kept.
      assert.equal((await fetched(`${base}/api/v1/appointment/centers/findByPin?pin=110001`, headers)).status, 200);
      const before = app.fastReads.answered;
      const first = await fetched(`${base}/api/v1/appointment/centers/findByPin?pin=411001`, headers);
      assert.equal(first.status, 200);
      assert.equal(JSON.parse(first.body).centers.length >= 1, true);
      assert.equal(app.fastReads.answered, before + 1, 'the first search of this pincode is a kept answer');
      const district = await fetched(`${base}/api/v1/appointment/centers/findbyDistrict?district_id=363`, headers);
      assert.equal(district.status, 200);
      assert.equal(app.fastReads.answered, before + 2);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('answers a first v2 session search with the answer rendered at start, as Fastify renders it', async () => {
    const db = await testDb({ env: { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' } });
    const centre = await createCentre(db.store, [5, 5]);
    const app = await buildApp(db.config, { store: db.store, logger: false });
    const count = (result: 'hit' | 'miss') =>
      cacheCounts().find((c) => c.cache === 'v2_sessions' && c.result === result)?.count ?? 0;
    let fresh: FastifyInstance | undefined;
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      await readModelLoaded(app);
      const answers: { url: string; body: string }[] = [];
      for (const slot of centre.slots) {
        const url = `/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=${slot.date}`;
        const [hits, misses, answered] = [count('hit'), count('miss'), app.fastReads.answered];
        const first = await fetched(base + url);
        assert.equal(first.status, 200);
        assert.equal(app.fastReads.answered, answered + 1);
        assert.equal(count('hit'), hits + 1, `the first search on ${slot.date} is an answer kept at start`);
        assert.equal(count('miss'), misses, 'and nothing is rendered for it');
        const sessions = JSON.parse(first.body).sessions as { center_id: number; available_capacity: number }[];
        assert.deepEqual(
          sessions.filter((x) => x.center_id === centre.id).map((x) => x.available_capacity),
          [5],
        );
        answers.push({ url, body: first.body });
      }
      // The same store without kept answers (READ_CACHE_MS=0: nothing rendered at start, nothing
      // kept) and without the path around Fastify: its route renders every answer afresh. Built
      // only now, because a server whose caches hear no changes shortens every server's.
      const rendering = await buildApp(
        { ...db.config, readCacheMs: 0, fastReads: false },
        { store: db.store, logger: false },
      );
      fresh = rendering;
      for (const { url, body } of answers) {
        const rendered = await rendering.inject({ method: 'GET', url });
        assert.equal(rendered.statusCode, 200);
        assert.equal(body, rendered.body, 'the text kept at start is the one the route renders');
      }
    } finally {
      await fresh?.close();
      await app.close();
      await db.drop();
    }
  });
});

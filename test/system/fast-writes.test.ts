// CoWIN's two hottest writes answered around Fastify (beneficiary/add and
// scheduleAppointment, src/api/fast-posts.ts), over a real listening server: an answer given
// there has the route's status, headers and JSON; the write it acknowledges is there and seen
// by the next read; and every request it must not answer (a guest account not yet checked, a
// token of the wrong kind, a body Fastify refuses, a write that fails) gets exactly the
// route's answer, with nothing written twice. A body the route's validator coerces is taken
// as the route takes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { FastReads } from '../../src/api/fast-reads.js';
import { createMetrics } from '../../src/observability.js';
import { createGuest, setGuestDisabled } from '../../src/core/cowin/guests.js';
import { tokensCheckedOffThread } from '../../src/core/shared/tokens.js';
import { rowCount, type TestDb } from '../helpers/db.js';
import { stoppedClock } from '../helpers/app.js';
import { comparable, countedOk, listeningApp, type Served } from '../helpers/served.js';
import { createCentre, type TestCentre } from '../cowin/appointment-fixtures.js';
import { aadhaar, person } from '../cowin/helpers.js';
import { StatementCounter } from '../helpers/statements.js';
import { forgedToken } from '../helpers/tokens.js';

const ADD = '/api/v1/registration/beneficiary/add';
const SCHEDULE = '/api/v1/appointment/scheduleAppointment';

async function send(base: string, method: string, path: string, body?: unknown, token?: string): Promise<Served> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** The route's own answer: app.inject() never takes the path around Fastify. */
async function inject(app: FastifyInstance, path: string, token: string, body: unknown): Promise<Served> {
  const res = await app.inject({
    method: 'POST',
    url: path,
    headers: { authorization: `Bearer ${token}` },
    payload: body as object,
  });
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.body };
}

/** An answer as two of the same kind share it: the values that differ (ids, tokens) left out. */
const shape = (s: Served) => {
  const c = comparable(s);
  const { 'content-length': _length, ...headers } = c.headers;
  const json = JSON.parse(s.body) as Record<string, unknown>;
  return { status: c.status, headers, keys: Object.keys(json), compact: JSON.stringify(json) === s.body };
};

async function guestLogin(db: TestDb, base: string, name: string) {
  const { userName } = await createGuest(db.store.db, { name });
  const login = await send(base, 'POST', '/api/v1/auth/guest/login', { user_name: userName });
  assert.equal(login.status, 200, login.body);
  return { token: login.body, userName };
}

describe('CoWIN writes answered around Fastify', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let base: string;
  let guest: string;
  let centre: TestCentre;
  const counter = new StatementCounter();
  const post = (path: string, body: unknown, token = guest) => send(base, 'POST', path, body, token);

  before(async () => {
    ({ db, app, base } = await listeningApp(
      { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' },
      undefined,
      undefined,
      counter.hook,
    ));
    ({ token: guest } = await guestLogin(db, base, 'Fast writes'));
    centre = await createCentre(db.store, [3, 50]);
    // The guard checks the guest account once, through Fastify; from then on its state is kept.
    assert.equal((await post(ADD, person())).status, 200);
  });
  after(async () => {
    await app.close();
    await db.drop();
  });

  /** A registration through whichever path: the guard keeps the account's state again, should anything have dropped it. */
  const warm = async () => assert.equal((await post(ADD, person())).status, 200);

  it("registers a beneficiary with the route's answer, and the registration is there", async () => {
    await warm();
    const answered = app.fastReads.answered;
    const rows = await rowCount(db, 'beneficiaries');
    const body = person({ birth_year: 1984 }); // a number: the route's validator makes it "1984"
    const fast = await post(ADD, body);
    assert.equal(app.fastReads.answered, answered + 1, 'answered around Fastify');
    assert.equal(await rowCount(db, 'beneficiaries'), rows + 1);
    const viaFastify = await inject(app, ADD, guest, person());
    assert.equal(viaFastify.status, 200);
    assert.deepEqual(shape(fast), { ...shape(viaFastify), compact: true });
    // The token it gave is the mobile's, and shows the beneficiary as registered.
    const { token, beneficiary_reference_id: ref } = JSON.parse(fast.body);
    const seen = await send(
      base,
      'GET',
      `/api/v1/registration/beneficiary?beneficiary_reference_id=${ref}`,
      undefined,
      token,
    );
    assert.equal(seen.status, 200, seen.body);
    assert.equal(JSON.parse(seen.body).birth_year, 1984);
  });

  it('leaves every registration it must not make to the route, which answers it and writes it once', async () => {
    await warm();
    const answered = app.fastReads.answered;
    const rows = await rowCount(db, 'beneficiaries');
    const expect = async (served: Promise<Served>, status: number, code: string, message?: RegExp) => {
      const res = await served;
      assert.equal(res.status, status, res.body);
      const json = JSON.parse(res.body);
      assert.equal(json.errorCode, code, res.body);
      if (message) assert.match(json.error, message);
    };
    const photo = aadhaar();
    assert.equal((await post(ADD, person({ photo_id_number: photo }))).status, 200);
    assert.equal(app.fastReads.answered, answered + 1);
    // A photo ID registered before: the write is refused here, and the dialect answers the
    // refusal; the route does not try the registration a second time.
    const { statements } = await counter.during(() =>
      expect(post(ADD, person({ photo_id_number: photo })), 409, 'BENDOC0022'),
    );
    // (SQLite refuses it on the read before the insert, PostgreSQL in its one statement.)
    const touching = statements.filter((q) => /\bbeneficiaries\b/.test(q));
    assert.equal(touching.length, 1, `one attempt to register:\n${touching.join('\n')}`);
    // Bodies Fastify refuses: not JSON, a __proto__ key, a field its schema refuses, a NUL, one the core refuses.
    await expect(post(ADD, '{"name":'), 400, 'APPOIN0001', /not valid JSON/);
    await expect(
      post(ADD, `{"__proto__":{"x":1},${JSON.stringify(person()).slice(1)}`),
      400,
      'APPOIN0001',
      /not valid JSON/,
    );
    await expect(post(ADD, { ...person(), name: { first: 'Asha' } }), 400, 'APPOIN0001', /name must be a string/);
    await expect(post(ADD, person({ address: 'Flat 1\u0000, MG Road' })), 400, 'APPOIN0001', /NUL/);
    await expect(post(ADD, person({ consent: 'N' })), 400, 'BENDOC0037', /consent/);
    // A token of the wrong kind, and none that verifies.
    const beneficiaryToken = JSON.parse((await post(ADD, person())).body).token;
    await expect(post(ADD, person(), beneficiaryToken), 401, 'USRAUT0002');
    await expect(post(ADD, person(), `${guest}x`), 401, 'USRAUT0001');
    assert.equal(app.fastReads.answered, answered + 2, 'only the two good registrations were answered here');
    assert.equal(await rowCount(db, 'beneficiaries'), rows + 2, 'and nothing else was written');
  });

  it('books with the route’s answer, and the next read shows the seat taken', async () => {
    const slot = centre.slots[0];
    const ref = async (mobile: string) =>
      JSON.parse((await post(ADD, person({ mobile_number: mobile }))).body).beneficiary_reference_id as number;
    const booking = async (refs: number[]) =>
      post(SCHEDULE, { center_id: centre.id, date: slot.date, slot_id: String(slot.id), beneficiaries: refs });
    // One appointment is for one mobile's beneficiaries: a and b share one, c and e another.
    const [a, b, c, d, e] = [
      await ref('9876500001'),
      await ref('9876500001'),
      await ref('9876500002'),
      await ref('9876500003'),
      await ref('9876500002'),
    ];
    const viaFastify = await inject(app, SCHEDULE, guest, {
      center_id: centre.id,
      date: centre.slots[1].date,
      slot_id: centre.slots[1].id,
      beneficiaries: [d],
    });
    assert.equal(viaFastify.status, 200, viaFastify.body);
    const answered = app.fastReads.answered;
    const bookings = await rowCount(db, 'bookings');
    const fast = await booking([a, b]);
    assert.equal(app.fastReads.answered, answered + 1, 'answered around Fastify');
    assert.deepEqual(shape(fast), shape(viaFastify));
    assert.equal(await rowCount(db, 'bookings'), bookings + 1);
    const slots = await send(
      base,
      'GET',
      `/api/v1/appointment/timeslots/findByCenter?center_id=${centre.id}&from=${slot.date}&to=${slot.date}`,
      undefined,
      guest,
    );
    assert.equal(JSON.parse(slots.body).timeslots[0].available_capacity, '1', 'two of three seats taken');
    // Failing bookings wrote nothing, here or in the route, which answers each as it always did.
    const failed = [
      [await booking([a]), 409, 'APPOIN0020'], // already booked
      [await booking([c, e]), 409, 'APPOIN0040'], // two seats asked, one left
      [await booking([12341234123412]), 404, 'APPOIN0019'], // not registered by this account
      [
        await post(SCHEDULE, { center_id: centre.id, date: '01-01-2020', slot_id: slot.id, beneficiaries: [c] }),
        400,
        'APPOIN0027',
      ],
    ] as const;
    for (const [res, status, code] of failed) {
      assert.equal(res.status, status, res.body);
      assert.equal(JSON.parse(res.body).errorCode, code, res.body);
    }
    assert.equal(app.fastReads.answered, answered + 1);
    assert.equal(await rowCount(db, 'bookings'), bookings + 1);
  });

  it('books with a token never seen before, its signature checked on the token worker; a forged one gets the route’s 401', {
    skip: process.env.TOKEN_WORKER === '0' && 'the token worker is off (TOKEN_WORKER=0)',
  }, async () => {
    const slot = centre.slots[1];
    const registered = JSON.parse((await post(ADD, person({ mobile_number: '9876500009' }))).body);
    const book = (token: string) =>
      post(
        SCHEDULE,
        {
          center_id: centre.id,
          date: slot.date,
          slot_id: String(slot.id),
          beneficiaries: [registered.beneficiary_reference_id],
        },
        token,
      );
    const answered = app.fastReads.answered;
    const checked = tokensCheckedOffThread();
    const bookings = await rowCount(db, 'bookings');
    // The registration's beneficiary token with another signature: new, and forged.
    const forged = forgedToken(registered.token);
    const refused = await book(forged);
    assert.equal(refused.status, 401, refused.body);
    assert.equal(JSON.parse(refused.body).errorCode, 'USRAUT0001');
    assert.equal(await rowCount(db, 'bookings'), bookings, 'nothing booked with a forged token');
    const res = await book(registered.token);
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /^\{"appointment_confirmation_no":\d{14}\}$/);
    assert.equal(app.fastReads.answered, answered + 1, 'the good one answered around Fastify');
    assert.ok(tokensCheckedOffThread() >= checked + 2, 'both new tokens checked on the worker');
    assert.equal(await rowCount(db, 'bookings'), bookings + 1);
  });

  it("stops at once for a guest account that is disabled: the route's 401", async () => {
    const other = await guestLogin(db, base, 'Soon disabled');
    assert.equal((await post(ADD, person(), other.token)).status, 200);
    assert.equal((await post(ADD, person(), other.token)).status, 200);
    const answered = app.fastReads.answered;
    assert.ok(await setGuestDisabled(db.store.db, other.userName, true));
    const refused = await post(ADD, person(), other.token);
    assert.equal(refused.status, 401, refused.body);
    assert.equal(app.fastReads.answered, answered);
  });
});

describe('what a write answered around Fastify leaves behind', () => {
  it("counts against the guest account's limit as the route does, and leaves the route's metric", async () => {
    const { db, app, base } = await listeningApp(
      { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '3' },
      undefined,
      stoppedClock(),
    );
    try {
      const { token } = await guestLogin(db, base, 'Limited');
      const rows = await rowCount(db, 'beneficiaries');
      // The first checks the account through Fastify, the next two are answered here.
      for (let i = 0; i < 3; i++) assert.equal((await send(base, 'POST', ADD, person(), token)).status, 200);
      assert.equal(app.fastReads.answered, 2);
      const refused = await send(base, 'POST', ADD, person(), token);
      assert.equal(refused.status, 429, refused.body);
      assert.equal(await rowCount(db, 'beneficiaries'), rows + 3);
      assert.equal(
        await countedOk(base, 'POST', '/api/v1/registration/beneficiary/add'),
        '3',
        'every answer is counted under the route',
      );
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('is off with FAST_READS=0', async () => {
    const { db, app, base } = await listeningApp({ FAST_READS: '0' });
    try {
      const { token } = await guestLogin(db, base, 'Off');
      for (let i = 0; i < 3; i++) assert.equal((await send(base, 'POST', ADD, person(), token)).status, 200);
      assert.equal(app.fastReads.answered, 0);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

describe('a POST whose work fails around Fastify', () => {
  // FastPosts on a bare Fastify app: work that did nothing (undefined) leaves the request to
  // the route, which runs; work that failed after it may have done something (a rejection)
  // gets Fastify's error answer, and the route never runs a second time.
  it('runs the route again only when nothing was done', async () => {
    const fast = new FastReads(true, false);
    const app = Fastify({ serverFactory: fast.serverFactory, logger: false });
    const ran: unknown[] = [];
    let outcome: () => Promise<string | undefined> = async () => undefined;
    app.post('/work', async (req) => {
      ran.push(req.body);
      return { by: 'route' };
    });
    fast.addPost(app, '/work', () => () => ({ principal: 'test:1', answer: () => outcome() }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    fast.open({ log: app.log, metrics: createMetrics(), headers: [], limits: undefined });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const work = () => send(base, 'POST', '/work', { n: 1 }, 'some-token');
    try {
      outcome = async () => '{"by":"fast"}';
      assert.deepEqual([(await work()).body, ran.length], ['{"by":"fast"}', 0]);
      outcome = async () => undefined;
      assert.deepEqual([(await work()).body, ran], ['{"by":"route"}', [{ n: 1 }]], 'the route ran, with the body');
      outcome = async () => {
        throw new Error('failed after the commit');
      };
      const failed = await work();
      assert.equal(failed.status, 500, failed.body);
      assert.equal(ran.length, 1, 'the route did not run again');
    } finally {
      await app.close();
    }
  });
});

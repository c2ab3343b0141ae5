// The partner bookings answered around Fastify (kids and video /book,
// src/api/partner/fast-writes.ts), over a real listening server: an answer given there has the
// route's status, headers (Location included) and JSON, and the booking is there; a request it
// must not judge (a bad signature, a body the route refuses, a replay) is the route's, nonce
// and all; a booking refused after its nonce was spent is answered in the partner envelope by
// the dialect's error handler, never by a second run of the route, and counts against the
// partner's limit as the route's would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signRequest } from '../../src/core/partners/signing.js';
import { sandboxPartnerCredentials } from '../../src/sandbox/partner.js';
import { rowCount, type TestDb } from '../helpers/db.js';
import { stoppedClock } from '../helpers/app.js';
import { comparable, countedOk, listeningApp, type Served } from '../helpers/served.js';
import { P, PRD, RIYADH, bookBody, daysAhead } from '../kids-vaccination/fixtures.js';
import { V, bookBody as videoBody, newPartner, roundTheClockDoctor } from '../video-consultation/api-helpers.js';
import { addDays, wallClock } from '../../src/core/shared/time.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';

interface Credentials {
  token: string;
  secret: string;
}

/** A partner over HTTP: every request signed with a new nonce, unless told otherwise. */
function signed(base: string, who: Credentials) {
  return async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    over: { n?: string; t?: number; signedBody?: string } = {},
  ): Promise<Served> => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${who.token}`,
        cmt: signRequest({ secret: who.secret, method, url: path, body: over.signedBody ?? text, n: over.n, t: over.t })
          .header,
      },
      body: body === undefined ? undefined : text,
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
}

/** What two answers of the same kind share: status, headers but their lengths and ids, the envelope's keys. */
const shape = (s: Served) => {
  const { 'content-length': _length, location, ...headers } = comparable(s).headers;
  const json = JSON.parse(s.body);
  return {
    status: s.status,
    headers,
    location: location === undefined ? undefined : location.replace(/[^/]+$/, ':id'),
    message: json.message,
    keys: Object.keys(json.data.info),
  };
};

const envelope = (s: Served) => JSON.parse(s.body) as { status: number; message: string };

// The partner's credentials are kept for a second (core/partners/lookups.ts); on a busy
// machine two requests can be further apart than that. The kept entries never run out here.
before(() => setCacheClock(() => 0));
after(() => setCacheClock(undefined));

describe('kids /book answered around Fastify', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let call: ReturnType<typeof signed>;
  /** Home-visit slots (one seat each) of one team on the day after tomorrow. */
  let slots: { provider_id: string; slot_id: string }[];

  before(async () => {
    let base: string;
    ({ db, app, base } = await listeningApp({ RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '0' }));
    call = signed(base, sandboxPartnerCredentials(db.config));
    const browse = await call('POST', `${P}/browse`, {
      prd_id: PRD,
      services: ['kv-hexa'],
      date: daysAhead(2),
      location: RIYADH,
    });
    assert.equal(browse.status, 200, browse.body);
    const team = JSON.parse(browse.body).data.info.providers.find(
      (p: { type: string; slots: unknown[] }) => p.type === 'home_visit' && p.slots.length >= 6,
    );
    slots = team.slots.map((s: { id: string }) => ({ provider_id: team.id, slot_id: s.id }));
  });
  after(async () => {
    await app.close();
    await db.drop();
  });

  it("books with the route's answer and Location, and the booking is there", async () => {
    const viaRoute = await call('POST', `${P}/book`, bookBody({ ...slots[0], child: undefined }));
    assert.equal(viaRoute.status, 400, 'a body the route refuses is the route’s');
    const first = await call('POST', `${P}/book`, bookBody(slots[0]));
    assert.equal(first.status, 200, first.body);
    const answered = app.fastReads.answered;
    const rows = await rowCount(db, 'bookings');
    const fast = await call('POST', `${P}/book`, bookBody(slots[1]));
    assert.equal(app.fastReads.answered, answered + 1, 'answered around Fastify');
    assert.deepEqual(shape(fast), shape(first));
    assert.equal(await rowCount(db, 'bookings'), rows + 1);
    const { booking_id: id, status, payment_url: url } = JSON.parse(fast.body).data.info;
    assert.equal(status, 'held');
    assert.match(url, /^http/);
    assert.equal(fast.headers.location, `${P}/bookings/${id}`);
    const seen = await call('GET', `${P}/bookings/${id}`);
    assert.equal(seen.status, 200, seen.body);
    assert.equal(JSON.parse(seen.body).data.info.status, 'held');
    // The same reference and payload again: the same booking, no Location, as the route answers it.
    const body = bookBody(slots[2]);
    assert.equal((await call('POST', `${P}/book`, body)).status, 200);
    const retried = await call('POST', `${P}/book`, body);
    assert.equal(retried.status, 200, retried.body);
    assert.equal(retried.headers.location, undefined);
    assert.match(JSON.parse(retried.body).message, /already exists/);
    assert.equal(app.fastReads.answered, answered + 3);
  });

  it('answers a booking refused after its nonce was spent in the envelope, and writes nothing', async () => {
    assert.equal((await call('POST', `${P}/book`, bookBody(slots[3]))).status, 200);
    const answered = app.fastReads.answered;
    const rows = await rowCount(db, 'bookings');
    const full = await call('POST', `${P}/book`, bookBody(slots[3]));
    assert.equal(app.fastReads.answered, answered, 'not a 200 here');
    assert.equal(full.status, 409, full.body);
    assert.equal(envelope(full).status, 1005);
    const wrongProduct = await call('POST', `${P}/book`, bookBody({ ...slots[4], prd_id: 'KV-OTHER' }));
    assert.equal(wrongProduct.status, 404, wrongProduct.body);
    assert.match(envelope(wrongProduct).message, /not one of your product codes/);
    const tooOld = await call(
      'POST',
      `${P}/book`,
      bookBody({ ...slots[4], child: { name: 'Old', birth_date: '2000-01-01', gender: 'male' } }),
    );
    assert.equal(envelope(tooOld).status, 1001, tooOld.body);
    assert.equal(await rowCount(db, 'bookings'), rows, 'none of them booked');
    // Each spent its nonce once: sending its t and nonce again is a replay, refused by the route.
    const n = 'kids-fast-book-nonce-0001';
    const t = Math.floor(Date.now() / 1000);
    assert.equal((await call('POST', `${P}/book`, bookBody(slots[3]), { n, t })).status, 409);
    const replay = await call('POST', `${P}/book`, bookBody(slots[4]), { n, t });
    assert.equal(replay.status, 401, replay.body);
    assert.match(envelope(replay).message, /nonce was already used/);
    assert.equal(await rowCount(db, 'bookings'), rows);
  });

  it('leaves a request signed over other bytes, or not JSON, to the route', async () => {
    const answered = app.fastReads.answered;
    const body = bookBody(slots[5]);
    const forged = await call('POST', `${P}/book`, body, { signedBody: `${JSON.stringify(body)} ` });
    assert.equal(forged.status, 401, forged.body);
    assert.match(envelope(forged).message, /signature does not match/);
    const broken = await call('POST', `${P}/book`, '{"prd_id":');
    assert.equal(broken.status, 400, broken.body);
    assert.match(envelope(broken).message, /not valid JSON/);
    const nul = await call('POST', `${P}/book`, { ...body, partner_reference: 'ref\u0000x' });
    assert.equal(nul.status, 400, nul.body);
    assert.equal(app.fastReads.answered, answered);
  });
});

describe('video /book answered around Fastify', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let base: string;
  let call: ReturnType<typeof signed>;
  let doctor: string;
  let slotIds: string[];

  before(async () => {
    ({ db, app, base } = await listeningApp(
      { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_ACCOUNT: '3' },
      undefined,
      stoppedClock(),
    ));
    call = signed(base, await newPartner(db.store, db.config.secret));
    doctor = (await roundTheClockDoctor(db.store)).code;
    const date = addDays(wallClock(new Date(), 'Asia/Riyadh').date, 2);
    const res = await fetch(`${base}${V}/slots?doctor_id=${doctor}&date=${date}`);
    slotIds = (await res.json()).data.info.slots.map((s: { slot_id: string }) => s.slot_id);
  });
  after(async () => {
    await app.close();
    await db.drop();
  });

  it("books with the route's answer; a taken slot is the route's 1005, counted against the limit", async () => {
    const first = await call('POST', `${V}/book`, videoBody(doctor, slotIds[0]));
    assert.equal(first.status, 200, first.body);
    const answered = app.fastReads.answered;
    const rows = await rowCount(db, 'bookings');
    const fast = await call('POST', `${V}/book`, videoBody(doctor, slotIds[1]));
    assert.equal(app.fastReads.answered, answered + 1, 'answered around Fastify');
    assert.deepEqual(shape(fast), shape(first));
    assert.equal(JSON.parse(fast.body).data.info.slot.slot_id, slotIds[1]);
    assert.equal(await rowCount(db, 'bookings'), rows + 1);
    const taken = await call('POST', `${V}/book`, videoBody(doctor, slotIds[1]));
    assert.equal(app.fastReads.answered, answered + 1);
    assert.equal(taken.status, 409, taken.body);
    assert.equal(envelope(taken).status, 1005);
    assert.equal(await rowCount(db, 'bookings'), rows + 1);
    // Three requests of this partner so far (the limit is 3 a window): the refusal counted too.
    const limited = await call('POST', `${V}/book`, videoBody(doctor, slotIds[2]));
    assert.equal(limited.status, 429, limited.body);
    assert.equal(await rowCount(db, 'bookings'), rows + 1);
    assert.equal(await countedOk(base, 'POST', `${V}/book`), '2', 'both bookings counted under the route');
  });
});

// The SMART Scheduling Links feed (issue 14): the $bulk-publish manifest and every file it
// lists parse, carry the spec's required fields and no personal data; a booking shows in the
// next download; ETag and Last-Modified give 304; files are kept until something changes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { book } from '../../src/core/scheduling/bookings.js';
import { feedFile, KIDS_GROUP } from '../../src/core/scheduling/smart-feed.js';
import { EXT } from '../../src/core/scheduling/smart-resources.js';
import { testApp, type TestApp } from '../helpers/app.js';

type Json = Record<string, any>;
const ID = /^[A-Za-z0-9_.]{1,64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const ext = (r: Json, url: string): Json | undefined => (r.extension as Json[] | undefined)?.find((e) => e.url === url);

describe('SMART Scheduling Links feed', () => {
  let t: TestApp;
  let manifest: Json;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: url.replace(/^https?:\/\/[^/]+/, ''), headers });
  const lines = (body: string) =>
    body
      .split('\n')
      .filter((l, i, all) => l !== '' || i < all.length - 1)
      .map((l) => JSON.parse(l) as Json);
  const download = async (type: string) => {
    const out: Json[] = [];
    for (const o of manifest.output.filter((x: Json) => x.type === type)) {
      const res = await get(o.url);
      assert.equal(res.statusCode, 200, o.url);
      assert.equal(res.headers['content-type'], 'application/fhir+ndjson');
      assert.ok(res.body === '' || res.body.endsWith('\n'), 'every line ends with a newline');
      out.push(...lines(res.body));
    }
    return out;
  };

  before(async () => {
    t = await testApp();
    // A forged Host changes nothing: links use PUBLIC_URL.
    const res = await get('/$bulk-publish', { host: 'evil.example' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    manifest = res.json();
  });
  after(async () => {
    await t.close();
  });

  it('publishes a manifest listing the Location, Schedule and per-state Slot files', () => {
    assert.match(manifest.transactionTime, ISO);
    assert.equal(manifest.request, `${t.config.publicUrl}/$bulk-publish`);
    assert.deepEqual(manifest.error, []);
    const types = manifest.output.map((o: Json) => o.type);
    assert.deepEqual(types.slice(0, 2), ['Location', 'Schedule']);
    const slotFiles = manifest.output.filter((o: Json) => o.type === 'Slot');
    assert.ok(slotFiles.length >= 2, 'a state and the kids providers');
    assert.ok(slotFiles.some((o: Json) => o.url.endsWith(`/smart/slots/${KIDS_GROUP}.ndjson`) && !o.extension));
    for (const o of slotFiles.filter((x: Json) => x.extension)) {
      assert.equal(o.extension.state.length, 1);
      assert.ok(o.url.startsWith(`${t.config.publicUrl}/smart/slots/`), o.url);
      assert.match(o.url, /\/smart\/slots\/[a-z0-9-]+\.ndjson$/);
    }
  });

  it('gives Locations, Schedules and Slots with the fields the spec requires, and no personal data', async () => {
    const locations = await download('Location');
    const schedules = await download('Schedule');
    const slots = await download('Slot');
    const places = await t.store.db
      .selectFrom('places')
      .select(['id', 'kind', 'mobile', 'incharge_name'])
      .where('kind', 'in', ['vaccination_centre', 'clinic', 'home_visit'])
      .where('active', '=', 1)
      .execute();
    assert.equal(locations.length, places.length, 'every centre and kids provider');
    assert.ok(places.some((p) => p.kind !== 'vaccination_centre'));
    const locationIds = new Set<string>();
    for (const l of locations) {
      assert.equal(l.resourceType, 'Location');
      assert.match(l.id, ID);
      assert.ok(l.name);
      assert.ok(Array.isArray(l.telecom) && Array.isArray(l.address.line));
      const place = places.find((p) => String(p.id) === l.id)!;
      if (place.kind === 'vaccination_centre') {
        assert.deepEqual(l.telecom, [{ system: 'phone', value: '1075' }], 'the helpline, not the in-charge');
        for (const k of ['city', 'state', 'postalCode']) assert.ok(l.address[k], `${l.id} address.${k}`);
        assert.match(l.address.postalCode, /^\d{6}$/);
      } else assert.ok(l.address.line[0], 'a kids provider has its address line');
      assert.equal(typeof l.position.latitude, 'number');
      locationIds.add(l.id);
    }
    const scheduleIds = new Set<string>();
    for (const s of schedules) {
      assert.equal(s.resourceType, 'Schedule');
      assert.match(s.id, ID);
      assert.equal(s.actor.length, 1);
      assert.ok(locationIds.has(s.actor[0].reference.replace(/^Location\//, '')), s.actor[0].reference);
      assert.ok(
        s.serviceType[0].coding.some((c: Json) => c.code === '57'),
        'an immunization service',
      );
      scheduleIds.add(s.id);
    }
    assert.ok(slots.length > 0);
    for (const s of slots) {
      assert.equal(s.resourceType, 'Slot');
      assert.match(s.id, ID);
      assert.ok(scheduleIds.has(s.schedule.reference.replace(/^Schedule\//, '')), s.schedule.reference);
      assert.ok(s.status === 'free' || s.status === 'busy');
      assert.match(s.start, ISO);
      assert.match(s.end, ISO);
      assert.ok(s.start < s.end);
      const capacity = ext(s, EXT.capacity) ?? {};
      assert.ok(Number.isInteger(capacity.valueInteger) && capacity.valueInteger > 0);
    }
    const everything = JSON.stringify([locations, schedules, slots]);
    for (const p of places) {
      if (p.mobile) assert.ok(!everything.includes(p.mobile), `place ${p.id}'s mobile is not published`);
      if (p.incharge_name) assert.ok(!everything.includes(`"${p.incharge_name}"`), 'nor its in-charge');
    }
  });

  it('shows a booking in the next download: fewer free seats, more busy, then busy only', async () => {
    const url = `/smart/slots/${KIDS_GROUP}.ndjson`;
    const first = await get(url);
    const before = lines(first.body);
    const free = before.find((s) => s.status === 'free' && ext(s, EXT.capacity)?.valueInteger === 3)!;
    assert.ok(free, 'a clinic slot with 3 free seats');
    const slotId = Number(free.id.split('.')[0]);
    assert.equal(
      before.find((s) => s.id === `${slotId}.busy`),
      undefined,
      'nothing booked yet',
    );
    await book(t.store, { slotId, seats: 1, status: 'confirmed', channel: 'test' });
    const second = await get(url, { 'if-none-match': String(first.headers.etag) });
    assert.equal(second.statusCode, 200, 'the booking changed the file');
    assert.notEqual(second.headers.etag, first.headers.etag);
    const seats = (body: string, status: string) =>
      ext(lines(body).find((s) => s.id === `${slotId}.${status}`) ?? {}, EXT.capacity)?.valueInteger;
    assert.equal(seats(second.body, 'free'), 2);
    assert.equal(seats(second.body, 'busy'), 1);
    await book(t.store, { slotId, seats: 2, status: 'held', holdMinutes: 10, channel: 'test' });
    const third = await get(url);
    assert.equal(seats(third.body, 'free'), undefined, 'no free Slot once every seat is taken');
    assert.equal(seats(third.body, 'busy'), 3);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, for the manifest and every file', async () => {
    for (const url of ['/$bulk-publish', ...manifest.output.map((o: Json) => o.url)]) {
      const res = await get(url);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers.etag), /^"[A-Za-z0-9_-]{32}"$/);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const lastModified = String(res.headers['last-modified']);
      assert.ok(Number.isFinite(Date.parse(lastModified)), lastModified);
      const etag = String(res.headers.etag);
      const again = await get(url, { 'if-none-match': `W/"other", ${etag}` });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal((await get(url, { 'if-modified-since': lastModified })).statusCode, 304);
      const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
      assert.equal((await get(url, { 'if-modified-since': older })).statusCode, 200);
      assert.equal((await get(url, { 'if-none-match': '"stale"', 'if-modified-since': lastModified })).statusCode, 200);
    }
  });

  it('keeps a file until something it shows changes, and drops slots once they start', async () => {
    const name = `slots/${KIDS_GROUP}` as const;
    const now = new Date();
    const a = await feedFile(t.store.db, name, now);
    const b = await feedFile(t.store.db, name, new Date(now.getTime() + 1));
    assert.ok(a && a === b, 'the second download is served from memory');
    const first = lines(a.body.toString()).reduce((min, s) => (s.start < min ? s.start : min), '9999');
    const later = await feedFile(t.store.db, name, new Date(Date.parse(first)));
    assert.ok(later && later !== a, 'rebuilt when its first slot starts');
    assert.ok(!lines(later.body.toString()).some((s) => s.start <= first), 'started slots are gone');
    assert.notEqual(later.etag, a.etag);
  });

  it('answers an unknown or malformed file name with a FHIR OperationOutcome', async () => {
    const missing = await get('/smart/slots/atlantis.ndjson');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().resourceType, 'OperationOutcome');
    assert.equal(missing.json().issue[0].code, 'not-found');
    assert.match(missing.json().issue[0].diagnostics, /no slot file atlantis\.ndjson; the \$bulk-publish manifest/);
    const bad = await get('/smart/slots/..%2Fetc.ndjson');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().issue[0].code, 'invalid');
    const unknown = await get('/smart/nothing.ndjson');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().resourceType, 'OperationOutcome');
  });
});

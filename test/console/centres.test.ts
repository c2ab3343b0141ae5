// Centres, session changes, lookups and the facility sheet upload in the console, through the
// real app (inject): object-level authorization, masked personal data, per-line sheet errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../helpers/app.js';
import { HEADER, row, sheet } from '../cowin/sheets.js';
import { appointment, FORM, form, poster, session, type Appointment, type Session } from './fixtures.js';

function upload(content: string, csrf: string, filename = 'sheet.csv') {
  const boundary = '----console-test';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n` +
      `${content}\r\n--${boundary}--\r\n`,
  );
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('console centres, sessions, lookups and uploads', () => {
  let t: TestApp;
  let admin: Session;
  let facility: Session;
  let a: Appointment;
  before(async () => {
    t = await testApp();
    admin = await session(t, 'admin');
    facility = await session(t, 'facility');
    a = await appointment(t.store);
  });
  after(() => t?.close());

  const get = (url: string, s: Session, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie, ...headers } });
  const post = (url: string, s: Session, fields: Record<string, string | number>) => poster(t.app, s)(url, fields);

  it('finds centres by name and charts a centre’s days', async () => {
    const name = (
      await t.store.db.selectFrom('places').select('name').where('id', '=', a.centreId).executeTakeFirstOrThrow()
    ).name;
    const byName = await get(`/console/centres?q=${encodeURIComponent(name.toLowerCase())}`, admin, {
      'hx-request': 'true',
    });
    assert.equal(byName.statusCode, 200);
    assert.match(byName.body, /^<div id="results"/, 'htmx gets the results fragment only');
    assert.match(byName.body, new RegExp(`href="/console/centres/${a.centreCode}"`));
    const none = await get('/console/centres?q=no-such-centre-anywhere', admin);
    assert.match(none.body, /No centre matches/);
    const page = await get(`/console/centres/${a.centreCode}`, admin);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg class="chart"[^>]*role="img"/);
    assert.match(page.body, /<td>2<\/td><td>1<\/td><td>1<\/td>/, 'capacity 2, booked 1, free 1 on the first day');
  });

  it('shows a facility operator only its own centres', async () => {
    const list = await get('/console/centres?q=Test%20PHC', facility);
    assert.doesNotMatch(list.body, new RegExp(`href="/console/centres/${a.centreCode}"`));
    assert.equal((await get(`/console/centres/${a.centreCode}`, facility)).statusCode, 404);
    const change = await post(`/console/centres/${a.centreCode}/sessions/${a.slotId}/capacity`, facility, {
      capacity: 9,
    });
    assert.equal(change.statusCode, 404);
    const found = await get(`/console/lookup?q=${a.confirmationNo}`, facility);
    assert.match(found.body, /No appointment found/);
  });

  it('finds an appointment by confirmation number or reference id, masking personal data', async () => {
    for (const q of [a.confirmationNo, String(a.referenceId)]) {
      const res = await get(`/console/lookup?q=${q}`, admin);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`Appointment ${a.confirmationNo}`));
      assert.match(res.body, new RegExp(`<td>\\*{5}${a.mobile.slice(-4)}</td>`));
      assert.doesNotMatch(res.body, new RegExp(a.mobile));
    }
    const bad = await get('/console/lookup?q=abc', admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /digits only/);
  });

  it('adjusts a session’s capacity, never below what is booked', async () => {
    const url = `/console/centres/${a.centreCode}/sessions/${a.slotId}/capacity`;
    const low = await post(url, admin, { capacity: 0 });
    assert.equal(low.statusCode, 409);
    assert.match(low.body, /1 seats of this session are booked: capacity cannot go below 1/);
    const ok = await post(url, admin, { capacity: 5 });
    assert.equal(ok.statusCode, 200);
    const slot = await t.store.db
      .selectFrom('slots')
      .select(['capacity', 'booked'])
      .where('id', '=', a.slotId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(slot, { capacity: 5, booked: 1 });
    const noToken = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: admin.cookie },
      payload: form({ capacity: 3 }),
    });
    assert.equal(noToken.statusCode, 403);
  });

  it('cancels a session with a reason: its bookings are cancelled and the lookup shows why', async () => {
    const url = `/console/centres/${a.centreCode}/sessions/${a.slotId}/cancel`;
    const short = await post(url, admin, { reason: 'x' });
    assert.equal(short.statusCode, 400);
    const res = await post(url, admin, { reason: 'Vaccine delivery <delayed>' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`1 booking\\(s\\) cancelled with the reason: ${a.confirmationNo}`));
    const b = await t.store.db
      .selectFrom('bookings')
      .selectAll()
      .where('code', '=', a.confirmationNo)
      .executeTakeFirstOrThrow();
    assert.equal(b.status, 'cancelled');
    assert.equal(JSON.parse(b.details).cancel_reason, 'Vaccine delivery <delayed>');
    const slot = await t.store.db
      .selectFrom('slots')
      .select(['capacity', 'booked'])
      .where('id', '=', a.slotId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(slot, { capacity: 0, booked: 0 });
    const found = await get(`/console/lookup?q=${a.confirmationNo}`, admin);
    assert.match(found.body, /<strong>cancelled<\/strong> — reason: Vaccine delivery &lt;delayed&gt;/);
  });

  it('uploads a facility sheet, listing every bad line, and imports a good one', async () => {
    const bad = sheet([
      row({ name: 'Console Test PHC' }),
      row({ pincode: '4110' }),
      row({ name: 'Other PHC', vaccine: '99' }),
    ]);
    const b = upload(bad, facility.csrf);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/console/upload',
      headers: { ...b.headers, cookie: facility.cookie, 'hx-request': 'true' },
      payload: b.payload,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Nothing was imported/);
    assert.match(refused.body, /<tr><td>3<\/td><td>Pincode must be 6 digits/);
    assert.match(refused.body, /<tr><td>4<\/td>/);
    const header = await t.app.inject({
      method: 'POST',
      url: '/console/upload',
      headers: {
        ...upload(sheet([row()], HEADER.replace('Facilityname', 'Facility Name')), facility.csrf).headers,
        cookie: facility.cookie,
      },
      payload: upload(sheet([row()], HEADER.replace('Facilityname', 'Facility Name')), facility.csrf).payload,
    });
    assert.equal(header.statusCode, 400);
    assert.match(header.body, /Wrong headers: Facility Name/);
    const g = upload(sheet([row({ name: 'Console Test PHC', pincode: '411002' })]), facility.csrf);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/console/upload',
      headers: { ...g.headers, cookie: facility.cookie, 'hx-request': 'true' },
      payload: g.payload,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(ok.body, /Imported<\/strong>: 1 rows, 1 centres/);
    const mine = await get('/console/centres?q=Console%20Test', facility);
    assert.match(mine.body, /Console Test PHC/, 'the facility operator sees the centre it created');
    const forged = upload(sheet([row()]), admin.csrf);
    const csrf = await t.app.inject({
      method: 'POST',
      url: '/console/upload',
      headers: { ...forged.headers, cookie: facility.cookie },
      payload: forged.payload,
    });
    assert.equal(csrf.statusCode, 403);
    const name = upload(sheet([row()]), facility.csrf, 'sheet.xlsx');
    const wrongName = await t.app.inject({
      method: 'POST',
      url: '/console/upload',
      headers: { ...name.headers, cookie: facility.cookie },
      payload: name.payload,
    });
    assert.equal(wrongName.statusCode, 400);
    assert.match(wrongName.body, /must end in \.csv/);
  });
});

// Facility sheet upload: USRRES errors, every bad line reported, all or nothing, idempotent,
// facility operators limited to their own centres, and the CLI import of the same sheet.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { book } from '../../src/core/scheduling/bookings.js';
import { createOperator } from '../../src/core/cowin/operators.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';
import { get, guestToken, operatorToken } from './api-helpers.js';
import { day, HEADER, multipart, row, sheet } from './sheets.js';

const run = promisify(execFile);

describe('facility sheet upload', () => {
  let t: TestApp;
  let admin: string;
  let facilityA: string;
  let facilityB: string;
  let guest: string;
  before(async () => {
    t = await testApp();
    const a = await createOperator(t.store.db, {
      email: 'admin@test.local',
      password: 'admin-password-1',
      role: 'admin',
    });
    const fa = await createOperator(t.store.db, {
      email: 'a@test.local',
      password: 'facility-password-a',
      role: 'facility',
    });
    const fb = await createOperator(t.store.db, {
      email: 'b@test.local',
      password: 'facility-password-b',
      role: 'facility',
    });
    admin = await operatorToken(t.config, a.id, 'admin');
    facilityA = await operatorToken(t.config, fa.id, 'facility');
    facilityB = await operatorToken(t.config, fb.id, 'facility');
    guest = await guestToken(t.config);
  });
  after(async () => {
    await t.close();
  });

  async function upload(content: string | Buffer, token: string | null = admin, filename?: string, field?: string) {
    const body = multipart(content, filename, field);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/facility/upload',
      payload: body.payload,
      headers: { ...body.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return { status: res.statusCode, body: res.json() };
  }

  async function snapshot(pincode: number) {
    const places = await t.store.db
      .selectFrom('places')
      .select([
        'id',
        'code',
        'name',
        'incharge_name',
        'mobile',
        'lat',
        'lng',
        'daily_capacity',
        'owner_id',
        'updated_at',
      ])
      .where('pincode', '=', pincode)
      .where('external_ref', 'is not', null)
      .orderBy('id')
      .execute();
    const slots = places.length
      ? await t.store.db
          .selectFrom('slots')
          .select(['id', 'place_id', 'offering_id', 'start_at', 'end_at', 'label', 'capacity', 'booked'])
          .where(
            'place_id',
            'in',
            places.map((p) => p.id),
          )
          .orderBy('id')
          .execute()
      : [];
    const links = places.length
      ? await t.store.db
          .selectFrom('place_offerings')
          .selectAll()
          .where(
            'place_id',
            'in',
            places.map((p) => p.id),
          )
          .orderBy('offering_id')
          .execute()
      : [];
    return { places, slots, links };
  }

  it('needs an operator token', async () => {
    assert.equal((await upload(sheet([row()]), null)).status, 401);
    const wrong = await upload(sheet([row()]), guest);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errorCode, 'USRAUT0002');
  });

  it('answers USRRES0001 without a file, USRRES0002 for a wrong name, USRRES0003 for non-CSV content', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/facility/upload',
      payload: { a: 1 },
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().errorCode, 'USRRES0001');
    assert.equal(json.json().error, 'INPUT_FILE_MISSING');
    const otherField = await upload(sheet([row()]), admin, 'sheet.csv', 'document');
    assert.deepEqual([otherField.status, otherField.body.errorCode], [400, 'USRRES0001']);
    assert.match(otherField.body.message, /field named "file"/);
    const xlsx = await upload(sheet([row()]), admin, 'sheet.xlsx');
    assert.deepEqual([xlsx.status, xlsx.body.errorCode, xlsx.body.error], [400, 'USRRES0002', 'INVALID_FILE_NAME']);
    const binary = await upload(
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x41]),
      admin,
      'sheet.csv',
    );
    assert.deepEqual(
      [binary.status, binary.body.errorCode, binary.body.error],
      [400, 'USRRES0003', 'INVALID_FILE_TYPE'],
    );
    const broken = await upload(`${HEADER}\n"unclosed,quote\n`, admin);
    assert.deepEqual([broken.status, broken.body.errorCode], [400, 'USRRES0003']);
    const empty = await upload('', admin);
    assert.deepEqual([empty.status, empty.body.errorCode], [400, 'USRRES0003']);
  });

  it('lists exactly the wrong columns of a wrong header', async () => {
    const header = HEADER.replace('Facilityname', 'Facility Name').replace('Lang', 'Lng');
    const res = await upload(sheet([row()], header));
    assert.equal(res.status, 400);
    assert.equal(res.body.errorCode, 'USRRES0005');
    assert.equal(res.body.error, 'INVALID_FILE_HEADERS');
    assert.deepEqual(res.body['Wrong-Headers'], ['Facility Name', 'Lng']);
    assert.deepEqual(res.body['Missing-Headers'], ['Facilityname', 'Lang']);
    const extra = await upload(sheet([`${row()},x`], `${HEADER},Remarks`));
    assert.deepEqual(extra.body['Wrong-Headers'], ['Remarks']);
    assert.deepEqual(extra.body['Missing-Headers'], []);
  });

  it('imports nothing when one row is bad and names that row; reports every bad line', async () => {
    const before = await snapshot(411001);
    const one = await upload(sheet([row(), row({ name: 'Other Hospital' }), row({ name: 'Third', pincode: '4110' })]));
    assert.equal(one.status, 400);
    assert.equal(one.body.errorCode, 'USRRES0004');
    assert.deepEqual(one.body.errors, [{ line: 4, reason: 'Pincode must be 6 digits like 411001, got "4110"' }]);
    assert.deepEqual(await snapshot(411001), before, 'nothing was written');

    const many = await upload(
      sheet([
        row({ state: 'Atlantis' }),
        row({ district: 'Nagpur City', name: 'B' }),
        row({ block: 'Nowhere', name: 'C' }),
        row({ mobile: '12345', lat: 'north', name: 'D' }),
        row({ vaccine: '99', name: 'E' }),
        row({ start: day(5), end: day(3), name: 'F' }),
        row({ start: '31-02-2027', name: 'G' }),
        row({ slots: '11:00-09:00', name: 'H' }),
        row({ slots: '09:00-11:00;10:00-12:00', name: 'I' }),
        row({ online: '200', daily: '100', name: 'J' }),
        `${row({ name: 'K' })},extra`,
        row({ name: 'L' }),
        row({ name: 'L', start: day(3), end: day(6) }),
      ]),
    );
    assert.equal(many.status, 400);
    const reasons = Object.fromEntries(
      many.body.errors.map((e: { line: number; reason: string }) => [e.line, e.reason]),
    );
    assert.deepEqual(Object.keys(reasons).map(Number), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]);
    assert.match(reasons[2], /State "Atlantis" is not a state name/);
    assert.match(reasons[3], /District "Nagpur City" is not a district of Maharashtra/);
    assert.match(reasons[4], /Block "Nowhere" is not a block of Pune/);
    assert.match(reasons[5], /Mobile must be a 10-digit mobile number.*; Lat must be a decimal number/);
    assert.match(reasons[6], /vaccinationtypeID 99 is not a vaccine type \(1 COVISHIELD/);
    assert.match(reasons[7], /Enddate is before Startdate/);
    assert.match(reasons[8], /Startdate must be a real date as dd-mm-yyyy/);
    assert.match(reasons[9], /ends before it starts/);
    assert.match(reasons[10], /overlap/);
    assert.match(reasons[11], /onlineAppointmentVaccancy \(200\) is more than Vaccancy \(100\)/);
    assert.match(reasons[12], /has 16 fields; the header has 15/);
    assert.match(reasons[14], /repeats sessions of line 13/);
    assert.equal(many.body.total, 12);
    assert.deepEqual(await snapshot(411001), before);
  });

  it('imports a sheet, spreads the online capacity over the slots, and changes nothing when uploaded again', async () => {
    const content = sheet([
      row({
        pincode: '411002',
        name: 'Upload Test Hospital',
        online: '101',
        slots: '09:00-11:00;11:00-13:00;14:00-16:00',
        start: day(2),
        end: day(3),
      }),
      row({
        pincode: '411002',
        name: 'Upload Test Hospital',
        vaccine: '2',
        online: '10',
        slots: '16:00-18:00',
        start: day(2),
        end: day(2),
        daily: '30',
      }),
    ]);
    const first = await upload(content);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { status: 'imported', rows: 2, centres: 1, sessions: 7 });
    const snap = await snapshot(411002);
    assert.equal(snap.places.length, 1);
    assert.equal(snap.places[0].daily_capacity, 150, 'the Vaccancy of both vaccines');
    assert.equal(snap.places[0].owner_id, null, 'an admin upload leaves the centre unowned');
    assert.deepEqual(
      snap.slots.filter((s) => s.offering_id === snap.links[0].offering_id).map((s) => s.capacity),
      [34, 34, 33, 34, 34, 33],
    );
    assert.equal(snap.links.length, 2);

    const again = await upload(content);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.deepEqual(await snapshot(411002), snap, 'the second upload left the same data');

    // The centre is found by pin with its sessions.
    const centres = await get(t.app, '/api/v1/appointment/centers/findByPin?pin=411002', guest);
    assert.equal(centres.body.centers.length, 1);
    const c = centres.body.centers[0];
    assert.equal(c.name, 'Upload Test Hospital');
    assert.equal(c.vaccine_type, 'COVAXIN, COVISHIELD');
    assert.equal(c.daily_capacity, '150');
    assert.equal(c.timings, '9AM-11AM, 11AM-1PM, 2PM-4PM, 4PM-6PM');
    assert.equal(c.expiry_date, day(3));
    const slots = await get(
      t.app,
      `/api/v1/appointment/timeslots/findByCenter?center_id=${c.center_id}&from=${day(2)}&to=${day(3)}`,
      guest,
    );
    assert.equal(slots.body.timeslots.length, 7);
    assert.deepEqual(slots.body.timeslots[0], {
      date: day(2),
      slot_id: slots.body.timeslots[0].slot_id,
      slot_name: 'Morning',
      timings: '9AM-11AM',
      available_capacity: '34',
    });
  });

  it('updates sessions on a changed sheet but never below the seats already booked', async () => {
    const base = {
      pincode: '411003',
      name: 'Capacity Test PHC',
      online: '20',
      slots: '09:00-11:00',
      start: day(2),
      end: day(2),
      daily: '30',
    };
    assert.equal((await upload(sheet([row(base)]))).status, 200);
    const { slots } = await snapshot(411003);
    for (let i = 0; i < 5; i++) await book(t.store, { slotId: slots[0].id, status: 'confirmed', channel: 'test' });
    const raised = await upload(sheet([row({ ...base, online: '25' })]));
    assert.equal(raised.status, 200);
    assert.equal((await snapshot(411003)).slots[0].capacity, 25);
    const lowered = await upload(sheet([row({ ...base, online: '4' })]));
    assert.equal(lowered.status, 400);
    assert.equal(lowered.body.errors[0].line, 2);
    assert.match(lowered.body.errors[0].reason, /more booked seats than onlineAppointmentVaccancy/);
    assert.equal((await snapshot(411003)).slots[0].capacity, 25, 'the refused upload changed nothing');
  });

  it('lets a facility operator change only its own centres', async () => {
    const mine = { pincode: '411004', name: 'Facility A Clinic', start: day(2), end: day(2) };
    const a = await upload(sheet([row(mine)]), facilityA);
    assert.equal(a.status, 200);
    const owner = (await snapshot(411004)).places[0].owner_id;
    assert.ok(owner !== null);
    const before = await snapshot(411004);
    const b = await upload(sheet([row({ ...mine, incharge: 'Someone Else', online: '1' })]), facilityB);
    assert.equal(b.status, 400);
    assert.equal(b.body.errorCode, 'USRRES0004');
    assert.match(b.body.errors[0].reason, /managed by another operator/);
    assert.deepEqual(await snapshot(411004), before, 'facility B changed nothing');
    // Its own centre, and an admin, may change it.
    assert.equal((await upload(sheet([row({ ...mine, incharge: 'New Incharge' })]), facilityA)).status, 200);
    assert.equal((await upload(sheet([row({ ...mine, incharge: 'Admin Choice' })]), admin)).status, 200);
    const after = (await snapshot(411004)).places[0];
    assert.equal(after.incharge_name, 'Admin Choice');
    assert.equal(after.owner_id, owner, 'the admin upload kept the owner');
  });

  it('imports the same sheet from the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careslot-sheet-'));
    const file = join(dir, 'cli.csv');
    writeFileSync(file, sheet([row({ pincode: '411005', name: 'CLI Hospital', start: day(2), end: day(3) })]));
    const env = { ...process.env, DATABASE_URL: t.url, CARESLOT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
    const out = await run(process.execPath, ['bin/careslot.js', 'import', 'facilities', file, '--json'], { env });
    assert.deepEqual(JSON.parse(out.stdout), { status: 'imported', rows: 1, centres: 1, sessions: 4 });
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, sheet([row({ pincode: '41100' })]));
    const failed = await run(process.execPath, ['bin/careslot.js', 'import', 'facilities', bad, '--json'], {
      env,
    }).catch((e) => e);
    assert.equal(failed.code, 1);
    const report = JSON.parse(failed.stdout);
    assert.equal(report.errorCode, 'USRRES0004');
    assert.equal(report.errors[0].line, 2);
    assert.equal((await snapshot(411005)).slots.length, 4);
  });
});

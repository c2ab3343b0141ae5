// API Setu v2 availability and appointments on the core's data: sessions and calendars of a
// centre, schedule / reschedule / cancel (v4 and the 2021 paths), beneficiaries with their
// appointments, the slip PDF, and the unhappy paths with the YAML's error codes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { queryAudit } from '../../src/core/cowin/audit-log.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { createBeneficiary, createCentre, type TestCentre } from '../cowin/appointment-fixtures.js';
import { v2Context, type V2Context } from './helpers.js';

interface Session {
  session_id: string;
  date: string;
  available_capacity: number;
  slots: string[];
  vaccine: string;
  center_id: number;
}

describe('API Setu v2 sessions and appointments', () => {
  let t: TestApp;
  let v: V2Context;
  let centre: TestCentre; // COVISHIELD, capacities 5, 2 on two days from tomorrow
  let teen: TestCentre; // CORBEVAX (12–14)
  let me: Record<string, string>;
  let stranger: Record<string, string>;
  const MOBILE = '9000000101';

  before(async () => {
    t = await testApp();
    v = await v2Context(t);
    centre = await createCentre(t.store, [5, 2], 1);
    teen = await createCentre(t.store, [10], 4);
    me = await v.as(MOBILE);
    stranger = await v.as('9000000102');
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = me) => t.app.inject({ url, headers });
  const post = (url: string, payload: object, headers: Record<string, string> = me) =>
    t.app.inject({ method: 'POST', url, headers, payload });
  const sessionsOn = async (date: string, extra = ''): Promise<Session[]> => {
    const res = await get(`/api/v4/appointment/sessions/findByPin?pincode=411001&date=${date}${extra}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().sessions.filter((s: Session) => s.center_id === centre.id);
  };

  let refA: string;
  let refB: string;
  let appointmentId: string;

  it("lists a day's sessions with a UUID, time-range slots and free seats, publicly and with the v4 vaccine filter", async () => {
    const pub = await t.app.inject(
      `/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=${centre.slots[0].date}`,
    );
    assert.equal(pub.statusCode, 200);
    const [s] = pub.json().sessions.filter((x: Session) => x.center_id === centre.id);
    assert.match(s.session_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(s.date, centre.slots[0].date);
    assert.equal(s.available_capacity, 5);
    assert.equal(s.available_capacity_dose1, 5);
    assert.equal(s.vaccine, 'COVISHIELD');
    assert.equal(s.min_age_limit, 18);
    assert.equal(s.fee_type, 'Free');
    assert.match(s.slots[0], /^\d{2}:\d{2}[AP]M-\d{2}:\d{2}[AP]M$/);
    assert.match(s.from, /^\d{2}:\d{2}:00$/);
    assert.deepEqual(await sessionsOn(centre.slots[0].date, '&vaccine=COVAXIN'), []);
    assert.equal((await sessionsOn(centre.slots[0].date, '&vaccine=covishield')).length, 1);
    const district = await get(
      `/api/v2/appointment/sessions/findByDistrict?district_id=363&date=${centre.slots[0].date}`,
    );
    assert.ok(
      district.json().sessions.some((x: Session) => x.session_id === s.session_id),
      '2021 path, same answer',
    );
  });

  it('lists 7 days per centre in the calendars, by pin, district and centre', async () => {
    const res = await t.app.inject(
      `/api/v2/appointment/sessions/public/calendarByPin?pincode=411001&date=${centre.slots[0].date}`,
    );
    const entry = res.json().centers.find((c: { center_id: number }) => c.center_id === centre.id);
    assert.deepEqual(
      entry.sessions.map((s: Session) => [s.date, s.available_capacity]),
      [
        [centre.slots[0].date, 5],
        [centre.slots[1].date, 2],
      ],
    );
    const byCentre = await t.app.inject(
      `/api/v2/appointment/sessions/public/calendarByCenter?center_id=${centre.id}&date=${centre.slots[1].date}`,
    );
    assert.equal(byCentre.json().sessions.length, 1, 'the calendar starts at its date');
    const v4 = await get(
      `/api/v4/appointment/sessions/calendarByDistrict?district_id=363&date=${centre.slots[0].date}&precaution_flag=false`,
    );
    assert.ok(v4.json().centers.some((c: { center_id: number }) => c.center_id === centre.id));
  });

  it('answers bad pincodes, districts and dates with the YAML codes, never a 500', async () => {
    const pin = await t.app.inject('/api/v2/appointment/sessions/public/findByPin?pincode=12&date=01-01-2030');
    assert.equal(pin.statusCode, 400);
    assert.equal(pin.json().errorCode, 'APPOIN0018');
    const district = await get('/api/v4/appointment/sessions/findByDistrict?district_id=abc&date=01-01-2030');
    assert.equal(district.json().errorCode, 'APPOIN0016');
    const date = await t.app.inject('/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=31-02-2030');
    assert.equal(date.statusCode, 400);
    assert.match(date.json().error, /dd-mm-yyyy/);
    const centreless = await t.app.inject(
      '/api/v2/appointment/sessions/public/calendarByCenter?center_id=999999999&date=01-01-2030',
    );
    assert.equal(centreless.statusCode, 400);
  });

  it("registers beneficiaries with the token's mobile, with the catalogue's codes for bad fields", async () => {
    const add = (body: object) => post('/api/v2/registration/beneficiary/new', body);
    const ok = await add({
      name: 'Asha Pawar',
      birth_year: '1980',
      gender_id: 2,
      photo_id_type: 6,
      photo_id_number: 'ABCPA1234F',
      consent_version: '1',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    refA = ok.json().beneficiary_reference_id;
    assert.match(refA, /^\d{14}$/);
    refB = String((await createBeneficiary(t.store, v.guestId, MOBILE, 1990, 2, 'Ravi Pawar')).referenceId);
    const missing = await add({
      name: 'X Y',
      gender_id: 1,
      photo_id_type: 6,
      photo_id_number: 'ABCPA1234G',
      consent_version: '1',
    });
    assert.equal(missing.json().errorCode, 'BENDOC0026');
    const dup = await add({
      name: 'Asha Two',
      birth_year: '1981',
      gender_id: 2,
      photo_id_type: 6,
      photo_id_number: 'ABCPA1234F',
      consent_version: '1',
    });
    assert.equal(dup.statusCode, 400);
    assert.equal(dup.json().errorCode, 'BENDOC0022');
    const gender = await add({
      name: 'Asha Three',
      birth_year: '1981',
      gender_id: 9,
      photo_id_type: 6,
      photo_id_number: 'ABCPA1234H',
      consent_version: '1',
    });
    assert.equal(gender.json().errorCode, 'BENDOC0039');
  });

  it('schedules with the session UUID and a slot string, and shows it in beneficiaries and in the seats', async () => {
    const [s] = await sessionsOn(centre.slots[0].date);
    const res = await post('/api/v4/appointment/schedule', {
      center_id: centre.id,
      session_id: s.session_id,
      beneficiaries: [refA, refB],
      slot: s.slots[0],
      is_precaution: false,
      dose: 1,
    });
    assert.equal(res.statusCode, 200, res.body);
    appointmentId = res.json().appointment_confirmation_no;
    assert.match(appointmentId, /^[0-9a-f-]{36}$/);
    const [after1] = await sessionsOn(centre.slots[0].date);
    assert.equal(after1.available_capacity, 3, 'two seats taken, seen at once');
    const list = (await get('/api/v4/appointment/beneficiaries')).json().beneficiaries;
    assert.equal(list.length, 2);
    const asha = list.find((b: { beneficiary_reference_id: string }) => b.beneficiary_reference_id === refA);
    assert.equal(asha.mobile_number, '0101');
    assert.equal(asha.photo_id_number, 'XXXXXX234F');
    assert.equal(asha.appointments[0].appointment_id, appointmentId);
    assert.equal(asha.appointments[0].session_id, s.session_id);
    assert.equal(asha.appointments[0].slot, s.slots[0]);
    // Reading people's records through an application's key leaves a trail (audit log).
    const trail = await queryAudit(t.store.db, { recordRef: refA, operation: 'beneficiaries' });
    assert.ok(trail.length >= 1, 'the beneficiary list read is in the audit log');
    assert.match(trail[0].actor, /^key:\d+$/);
    const again = await post('/api/v4/appointment/schedule', {
      session_id: s.session_id,
      beneficiaries: [refA],
      slot: s.slots[0],
      dose: 1,
    });
    assert.equal(again.json().errorCode, 'APPOIN0020', 'one active appointment per beneficiary');
  });

  it("refuses unknown sessions, wrong slots, strangers' beneficiaries and age limits", async () => {
    const [s] = await sessionsOn(centre.slots[1].date);
    const body = {
      center_id: centre.id,
      session_id: s.session_id,
      beneficiaries: [refA],
      slot: s.slots[0],
      is_precaution: false,
      dose: 1,
    };
    const forged = await post('/api/v4/appointment/schedule', {
      ...body,
      session_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    });
    assert.equal(forged.json().errorCode, 'APPOIN0007');
    const otherCentre = await post('/api/v4/appointment/schedule', { ...body, center_id: teen.id });
    assert.equal(otherCentre.json().errorCode, 'APPOIN0007');
    const slot = await post('/api/v4/appointment/schedule', { ...body, slot: '01:00AM-02:00AM' });
    assert.equal(slot.json().errorCode, 'APPOIN0015');
    assert.match(slot.json().error, /choose one of/);
    const theirs = await post('/api/v4/appointment/schedule', body, stranger);
    assert.equal(theirs.statusCode, 400);
    assert.equal(theirs.json().errorCode, 'APPOIN0005');
    const res = await get(`/api/v4/appointment/sessions/findByPin?pincode=411001&date=${teen.slots[0].date}`);
    const [young] = res.json().sessions.filter((x: Session) => x.center_id === teen.id);
    const age = await post('/api/v4/appointment/schedule', {
      ...body,
      center_id: teen.id,
      session_id: young.session_id,
      slot: young.slots[0],
    });
    assert.equal(age.json().errorCode, 'APPOIN0043');
  });

  it("downloads the slip as a real PDF, only for the appointment's own mobile", async () => {
    const res = await get(`/api/v4/appointment/appointmentslip/download?appointment_id=${appointmentId}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(res.rawPayload.length > 1000);
    const slipTrail = await queryAudit(t.store.db, { operation: 'downloadAppointmentSlip', recordRef: refB });
    assert.equal(slipTrail.length, 1, 'the slip names its beneficiaries: each read is in the audit log');
    const theirs = await get(`/api/v4/appointment/appointmentslip/download?appointment_id=${appointmentId}`, stranger);
    assert.equal(theirs.json().errorCode, 'APPOIN0042');
    const none = await get('/api/v2/appointment/appointmentslip/download');
    assert.equal(none.json().errorCode, 'APPOIN0041');
  });

  it('reschedules (204) to another day and cancels (204) through v4 and the 2021 paths', async () => {
    const [s] = await sessionsOn(centre.slots[1].date);
    const moved = await post('/api/v2/appointment/reschedule', {
      appointment_id: appointmentId,
      session_id: s.session_id,
      slot: s.slots[0],
      is_precaution: false,
    });
    assert.equal(moved.statusCode, 204, moved.body);
    assert.equal((await sessionsOn(centre.slots[1].date))[0].available_capacity, 0);
    assert.equal((await sessionsOn(centre.slots[0].date))[0].available_capacity, 5);
    const theirs = await post(
      '/api/v4/appointment/cancel',
      { appointment_id: appointmentId, beneficiariesToCancel: [] },
      stranger,
    );
    assert.equal(theirs.json().errorCode, 'APPOIN0031');
    const part = await post('/api/v4/appointment/cancel', {
      appointment_id: appointmentId,
      beneficiariesToCancel: [refA],
    });
    assert.equal(part.json().errorCode, 'APPOIN0033', 'an appointment is cancelled for all its beneficiaries together');
    const cancelled = await post('/api/v4/appointment/cancel', {
      appointment_id: appointmentId,
      beneficiariesToCancel: [],
    });
    assert.equal(cancelled.statusCode, 204);
    assert.equal((await sessionsOn(centre.slots[1].date))[0].available_capacity, 2);
    const twice = await post('/api/v4/appointment/cancel', {
      appointment_id: appointmentId,
      beneficiariesToCancel: [refA, refB],
    });
    assert.equal(twice.json().errorCode, 'APPOIN0030');
    const slip = await get(`/api/v4/appointment/appointmentslip/download?appointment_id=${appointmentId}`);
    assert.equal(slip.json().errorCode, 'APPOIN0042');
  });

  it('deletes a beneficiary (204) once, and answers the metadata and grievance status', async () => {
    const del = await post('/api/v2/registration/beneficiary/delete', { beneficiary_reference_id: refB });
    assert.equal(del.statusCode, 204);
    const again = await post('/api/v2/registration/beneficiary/delete', { beneficiary_reference_id: refB });
    assert.equal(again.json().errorCode, 'BENDOC0012');
    const ids = await post('/api/v1/admin/photoIdConfiguration/getPhotoIdsBasedOnAge', { year: '2015' });
    assert.ok(!ids.json().types.some((x: { id: number }) => x.id === 6), 'no PAN card for a child');
    const bad = await post('/api/v1/admin/photoIdConfiguration/getPhotoIdsBasedOnAge', { year: 'abcd' });
    assert.equal(bad.json().errorCode, 'PHOTOID00002');
    assert.deepEqual((await get('/api/v2/grievance/beneficiary/grievanceStatus')).json(), {});
    const genders = (
      await get('/api/v2/registration/beneficiary/genders', { ...me, 'accept-language': 'hi_IN' })
    ).json();
    assert.equal(genders.genders[1].gender_l, 'महिला');
    assert.equal((await get('/api/v2/registration/beneficiary/idTypes')).json().types[0].type, 'Aadhaar Card');
  });
});

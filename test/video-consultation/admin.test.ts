// /admin/v1/video/...: operators manage specialities, doctors, working hours and time off;
// the partner API follows at once. Operator token required (admin role).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { wallClock } from '../../src/core/shared/time.js';
import { addDays } from '../../src/core/shared/time.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { operatorToken } from '../helpers/operators.js';
import { assertSeatInvariant } from '../helpers/fixtures.js';
import { bookBody, call, newPartner, pay, V } from './api-helpers.js';
import { uniq } from './helpers.js';

const A = '/admin/v1/video';

describe('video admin API', () => {
  let t: TestApp;
  let admin: string;
  let facility: string;
  before(async () => {
    t = await testApp();
    admin = await operatorToken(t, 'admin');
    facility = await operatorToken(t, 'facility');
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.close();
  });

  const req = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    token = admin,
  ) => {
    const res = await t.app.inject({
      method,
      url,
      payload: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });
    return { status: res.statusCode, body: res.json(), raw: res.body };
  };
  // Day after tomorrow in Riyadh and its weekday: always beyond the lead time.
  const day = () => addDays(wallClock(new Date(), 'Asia/Riyadh').date, 2);
  const weekday = () => new Date(`${day()}T00:00:00Z`).getUTCDay();
  const partnerSlots = async (doctor: string) =>
    (await call(t.app, 'GET', `${V}/slots?doctor_id=${doctor}&date=${day()}`)).body.data.info.slots as {
      slot_id: string;
      start: string;
    }[];

  it('refuses requests without an admin operator token', async () => {
    let res = await t.app.inject({ method: 'GET', url: `${A}/doctors` });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1002);
    res = await t.app.inject({ method: 'GET', url: `${A}/doctors`, headers: { authorization: `Bearer ${facility}` } });
    assert.equal(res.json().status, 1002);
    assert.match(res.json().message, /role admin/);
  });

  it('creates a speciality and a doctor with working hours; the partner API lists them with slots', async () => {
    const spec = uniq('sp');
    let res = await req('POST', `${A}/specialities`, { spec_id: spec, name: 'Cardiology' });
    assert.equal(res.status, 200, res.raw);
    assert.equal(
      (await req('POST', `${A}/specialities`, { spec_id: spec, name: 'Again' })).body.status,
      1001,
      'spec_id taken',
    );
    const doctorId = uniq('dr');
    res = await req('POST', `${A}/doctors`, {
      doctor_id: doctorId,
      spec_id: spec,
      first_name: 'Lina',
      last_name: 'Saleh',
      gender: 'female',
      languages: ['ar', 'en'],
      national_id: '1098765432',
      licence_no: 'SCFHS-123456',
      fee_minor: 15000,
      currency: 'SAR',
      slot_minutes: 30,
      working_hours: [{ weekday: weekday(), start: '09:00', end: '11:00' }],
    });
    assert.equal(res.status, 200, res.raw);
    const d = res.body.data.info.doctor;
    assert.equal(d.national_id, '*****5432', 'masked even for operators');
    assert.ok(d.slots.created >= 4);
    const listed = await call(t.app, 'GET', `${V}/doctors?spec_id=${spec}`);
    assert.equal(listed.body.data.info.doctor[0].doctor_id, doctorId);
    assert.equal(listed.body.data.info.doctor[0].fee.display, 'SAR 150');
    assert.ok(!listed.raw.includes('1098765432') && !listed.raw.includes('SCFHS-123456'));
    const slots = await partnerSlots(doctorId);
    assert.deepEqual(
      slots.map((s) => s.start.slice(11, 16)),
      ['09:00', '09:30', '10:00', '10:30'],
    );
  });

  it('working hours and time off change availability at once, never dropping a booking', async () => {
    const spec = uniq('sp');
    await req('POST', `${A}/specialities`, { spec_id: spec, name: 'Schedules' });
    const doctorId = uniq('dr');
    await req('POST', `${A}/doctors`, {
      doctor_id: doctorId,
      spec_id: spec,
      first_name: 'Omar',
      last_name: 'Haddad',
      fee_minor: 9000,
      currency: 'SAR',
      slot_minutes: 60,
      working_hours: [{ weekday: weekday(), start: '09:00', end: '12:00' }],
    });
    const [first] = await partnerSlots(doctorId);
    const partner = await newPartner(t.store, t.config.secret);
    const booked = await call(t.app, 'POST', `${V}/book`, { partner, body: bookBody(doctorId, first.slot_id) });
    assert.equal(booked.body.status, 1000, booked.raw);

    let res = await req('PUT', `${A}/doctors/${doctorId}/working-hours`, {
      hours: [{ weekday: weekday(), start: '14:00', end: '16:00' }],
    });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.data.info.doctor.slots.kept_booked, 1);
    assert.deepEqual(
      (await partnerSlots(doctorId)).map((s) => s.start.slice(11, 16)),
      ['14:00', '15:00'],
    );
    const mine = await call(t.app, 'GET', `${V}/bookings/${booked.body.data.info.booking_id}`, { partner });
    assert.equal(mine.body.data.info.status, 'held', 'the booking outside the new hours is kept');
    assert.equal(mine.body.data.info.slot.start, first.start);

    res = await req('POST', `${A}/doctors/${doctorId}/time-off`, {
      starts_at: `${day()}T14:30:00+03:00`,
      ends_at: `${day()}T15:30:00+03:00`,
      reason: 'Clinic duty',
    });
    assert.equal(res.status, 200, res.raw);
    const off = res.body.data.info.time_off_id;
    assert.match(off, /^off_/);
    assert.deepEqual(await partnerSlots(doctorId), [], 'both remaining slots overlap the time off');
    res = await req('DELETE', `${A}/doctors/${doctorId}/time-off/${off}`);
    assert.equal(res.status, 200, res.raw);
    assert.equal((await partnerSlots(doctorId)).length, 2, 'slots come back');
    assert.equal((await req('DELETE', `${A}/doctors/${doctorId}/time-off/${off}`)).body.status, 1004);

    res = await req('GET', `${A}/doctors/${doctorId}/slots?date=${day()}`);
    const daySlots = res.body.data.info.slots;
    assert.deepEqual(
      daySlots.map((s: { available: number }) => s.available),
      [0, 1, 1],
      'the operator sees the booked slot too',
    );
    assert.equal(daySlots[0].booking_id, booked.body.data.info.booking_id);
    assert.equal(daySlots[0].status, 'held');
    assert.ok(!('join_url' in daySlots[0]), 'no room before payment');
    await pay(t.app, booked.body.data.info.payment_url);
    const paid = (await req('GET', `${A}/doctors/${doctorId}/slots?date=${day()}`)).body.data.info.slots[0];
    const patientView = (await call(t.app, 'GET', `${V}/bookings/${booked.body.data.info.booking_id}`, { partner }))
      .body.data.info;
    assert.equal(paid.join_url, patientView.join_url, "the doctor joins the patient's room");
  });

  it('patches a doctor; deactivating hides the doctor from partners', async () => {
    const spec = uniq('sp');
    await req('POST', `${A}/specialities`, { spec_id: spec, name: 'Patching' });
    const doctorId = uniq('dr');
    await req('POST', `${A}/doctors`, {
      doctor_id: doctorId,
      spec_id: spec,
      first_name: 'Maha',
      last_name: 'Nasser',
      fee_minor: 9000,
      currency: 'SAR',
      slot_minutes: 60,
      working_hours: [{ weekday: weekday(), start: '09:00', end: '11:00' }],
    });
    let res = await req('PATCH', `${A}/doctors/${doctorId}`, { slot_minutes: 30, fee_minor: 10000 });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.data.info.doctor.fee.display, 'SAR 100');
    assert.equal((await partnerSlots(doctorId)).length, 4);
    res = await req('PATCH', `${A}/doctors/${doctorId}`, { active: false });
    assert.equal(res.body.data.info.doctor.active, false);
    assert.equal((await call(t.app, 'GET', `${V}/doctors?spec_id=${spec}`)).body.data.info.doctor.length, 0);
    assert.equal((await call(t.app, 'GET', `${V}/slots?doctor_id=${doctorId}&date=${day()}`)).body.status, 1004);
  });

  it('says what to fix for bad input', async () => {
    const spec = uniq('sp');
    await req('POST', `${A}/specialities`, { spec_id: spec, name: 'Errors' });
    const base = { spec_id: spec, first_name: 'X', last_name: 'Y', fee_minor: 9000, currency: 'SAR' };
    let res = await req('POST', `${A}/doctors`, { ...base, timezone: 'Mars/Olympus' });
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /IANA time zone/);
    res = await req('POST', `${A}/doctors`, { ...base, spec_id: 'sp-nope' });
    assert.equal(res.body.status, 1004);
    res = await req('POST', `${A}/doctors`, {
      ...base,
      working_hours: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
      ],
    });
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /overlap on monday/);
    res = await req('POST', `${A}/doctors`, { ...base, fee_minor: -1 });
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /fee_minor/);
    res = await req('PUT', `${A}/doctors/doc-nobody/working-hours`, { hours: [] });
    assert.equal(res.body.status, 1004);
    res = await req('POST', `${A}/doctors/doc-gp-1/time-off`, {
      starts_at: '2026-12-02T00:00:00+03:00',
      ends_at: '2026-12-01T00:00:00+03:00',
    });
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /ends_at must be after starts_at/);
    const count = await t.store.db
      .selectFrom('practitioners')
      .innerJoin('offerings', 'offerings.id', 'practitioners.offering_id')
      .select('practitioners.id')
      .where('offerings.code', '=', spec)
      .execute();
    assert.equal(count.length, 0, 'no half-created doctor');
  });
});

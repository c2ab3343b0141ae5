// GET /specialities, /doctors, /slots: contract names, ordering, filters, time zones, and the
// unhappy paths. A doctor's national ID or licence number never appears.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxPartnerCredentials, SANDBOX_PARTNER_ID } from '../../src/sandbox/partner.js';
import { signRequest } from '../../src/core/partners/signing.js';
import { createSpeciality, createDoctor } from '../../src/core/video/manage.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { call, freeSlots, roundTheClockDoctor, V } from './api-helpers.js';
import { uniq } from './helpers.js';

describe('video catalogue endpoints', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t.close();
  });

  it('GET /specialities lists the sandbox specialities in the envelope', async () => {
    const res = await call(t.app, 'GET', `${V}/specialities`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 1000);
    assert.equal(res.body.message, 'data found');
    const specs = res.body.data.info.specialities;
    const gp = specs.find((s: { spec_id: string }) => s.spec_id === 'sp-gp');
    assert.deepEqual(gp, {
      spec_id: 'sp-gp',
      name: 'General Practice',
      description: 'Video consultation with a General Practice doctor',
      doctors: 5,
    });
    assert.equal(specs.length, 8);
    // A speciality without doctors is not offered to partners (operators still see it).
    const empty = await createSpeciality(t.store.db, { spec_id: uniq('sp'), name: 'Empty' });
    const again = (await call(t.app, 'GET', `${V}/specialities`)).body.data.info.specialities;
    assert.ok(!again.some((s: { spec_id: string }) => s.spec_id === empty.code));
  });

  it('GET /doctors?spec_id= gives data.info.doctor[] with the contract fields and the fee', async () => {
    const res = await call(t.app, 'GET', `${V}/doctors?spec_id=sp-gp`);
    assert.equal(res.status, 200, res.raw);
    const doctors = res.body.data.info.doctor;
    assert.equal(doctors.length, 5);
    for (const d of doctors) {
      assert.equal(d.spec_id, 'sp-gp');
      assert.match(d.doctor_id, /^doc-gp-\d$/);
      assert.equal(d.name, `Dr. ${d.first_name} ${d.last_name}`);
      assert.ok(Array.isArray(d.languages) && d.languages.includes('ar'));
      assert.equal(d.fee.currency, 'SAR');
      assert.equal(d.fee.display, `SAR ${d.fee.amount / 100}`);
      for (const k of [
        'title',
        'gender',
        'photo_url',
        'classification',
        'sub_speciality',
        'qualifications',
        'experience_years',
        'rating',
        'consultation_minutes',
        'timezone',
        'next_available_slot',
      ]) {
        assert.ok(k in d, `doctor has ${k}`);
      }
      assert.ok(!('national_id' in d) && !('licence_no' in d));
    }
  });

  it('lists doctors with free slots first (soonest first), then the rest, and filters by language', async () => {
    const spec = (await createSpeciality(t.store.db, { spec_id: uniq('sp'), name: 'Ordering' })).code;
    const idle = await createDoctor(t.store.db, {
      doctor_id: uniq('idle'),
      spec_id: spec,
      first_name: 'Aaron',
      last_name: 'Aardvark',
      fee_minor: 5000,
      currency: 'SAR',
      languages: ['en'],
    });
    const busy = await roundTheClockDoctor(t.store, { specId: spec, languages: ['ar'] });
    const res = await call(t.app, 'GET', `${V}/doctors?spec_id=${spec}`);
    const list = res.body.data.info.doctor;
    assert.deepEqual(
      list.map((d: { doctor_id: string }) => d.doctor_id),
      [busy.code, idle.code],
      'the doctor without slots comes last despite his name',
    );
    assert.equal(list[1].next_available_slot, null);
    const next = list[0].next_available_slot;
    assert.match(next.slot_id, /^sl_/);
    assert.match(next.start, /\+03:00$/);
    assert.ok(
      Date.parse(next.start) >= Date.now() + t.config.videoLeadMinutes * 60_000,
      'the next slot is bookable (after the lead time)',
    );
    const en = await call(t.app, 'GET', `${V}/doctors?spec_id=${spec}&lang=EN`);
    assert.deepEqual(
      en.body.data.info.doctor.map((d: { doctor_id: string }) => d.doctor_id),
      [idle.code],
    );
  });

  it('GET /doctors: 1001 without spec_id or with a bad lang, 1004 for an unknown speciality', async () => {
    let res = await call(t.app, 'GET', `${V}/doctors`);
    assert.equal(res.status, 400);
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /spec_id/);
    res = await call(t.app, 'GET', `${V}/doctors?spec_id=sp-gp&lang=english!`);
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /lang/);
    res = await call(t.app, 'GET', `${V}/doctors?spec_id=sp-nope`);
    assert.equal(res.status, 404);
    assert.equal(res.body.status, 1004);
    assert.match(res.body.message, /GET \/specialities/);
  });

  it("GET /slots gives the doctor and the day's free slots in the doctor's time zone", async () => {
    const doc = await roundTheClockDoctor(t.store);
    const slots = await freeSlots(t.app, doc.code);
    assert.equal(slots.length, 24, 'a whole local day of 60-minute slots');
    assert.match(slots[0].start, /^\d{4}-\d{2}-\d{2}T00:00:00\+03:00$/);
    assert.match(slots[23].end, /T00:00:00\+03:00$/);
    const date = slots[0].start.slice(0, 10);
    const res = await call(t.app, 'GET', `${V}/slots?doctor_id=${doc.code}&date=${date}`);
    const info = res.body.data.info;
    assert.equal(info.doctor_id, doc.code);
    assert.equal(info.doctor.doctor_id, doc.code);
    assert.equal(info.timezone, 'Asia/Riyadh');
    assert.deepEqual(Object.keys(info.slots[0]).sort(), ['end', 'slot_id', 'start']);
  });

  it('GET /slots never lists a slot that starts within the lead time', async () => {
    const doc = await roundTheClockDoctor(t.store);
    const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10); // Riyadh's date
    const res = await call(t.app, 'GET', `${V}/slots?doctor_id=${doc.code}&date=${today}`);
    const limit = Date.now() + t.config.videoLeadMinutes * 60_000;
    for (const s of res.body.data.info.slots) assert.ok(Date.parse(s.start) > limit, `${s.start} is bookable`);
  });

  it('GET /slots: 1001 for a missing or impossible date, 1004 for an unknown doctor', async () => {
    let res = await call(t.app, 'GET', `${V}/slots?doctor_id=doc-gp-1`);
    assert.equal(res.body.status, 1001);
    assert.match(res.body.message, /date/);
    res = await call(t.app, 'GET', `${V}/slots?doctor_id=doc-gp-1&date=2026-02-30`);
    assert.equal(res.status, 400);
    assert.match(res.body.message, /real calendar date/);
    res = await call(t.app, 'GET', `${V}/slots?doctor_id=doc-nobody&date=2026-02-03`);
    assert.equal(res.status, 404);
    assert.equal(res.body.status, 1004);
  });

  it('GET /slots needs no credentials but verifies them when sent', async () => {
    const { token, secret } = sandboxPartnerCredentials(t.config);
    // A day that is never in the past (a past one is its own 1001): only the credentials matter here.
    const url = `${V}/slots?doctor_id=doc-gp-1&date=2099-02-03`;
    let res = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, cmt: signRequest({ secret, method: 'GET', url }).header },
    });
    assert.equal(res.json().status, 1000, res.body);
    res = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, cmt: signRequest({ secret: 'wrong', method: 'GET', url }).header },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().status, 1003);
    res = await t.app.inject({
      method: 'GET',
      url,
      headers: { authorization: 'Bearer cpt_unknown', cmt: signRequest({ secret, method: 'GET', url }).header },
    });
    assert.equal(res.json().status, 1002);
    // Authorization without Cmt: answered as an anonymous request ("Auth: No").
    res = await t.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer cpt_unknown' } });
    assert.equal(res.json().status, 1000);
    assert.equal(SANDBOX_PARTNER_ID, 'ptn_sandbox');
  });

  it('never shows a national ID or licence number', async () => {
    const ids = await t.store.db
      .selectFrom('practitioners')
      .select(['national_id', 'licence_no'])
      .where('code', 'like', 'doc-gp-%')
      .execute();
    const bodies = [
      (await call(t.app, 'GET', `${V}/specialities`)).raw,
      (await call(t.app, 'GET', `${V}/doctors?spec_id=sp-gp`)).raw,
      ...(await Promise.all(
        [1, 2, 3, 4, 5].map(
          async (k) =>
            (
              await call(
                t.app,
                'GET',
                `${V}/slots?doctor_id=doc-gp-${k}&date=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}`,
              )
            ).raw,
        ),
      )),
    ];
    const openapi = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).body;
    for (const body of [...bodies, openapi]) {
      if (body !== openapi) assert.ok(!/national_id|licence_no/.test(body), 'no such field names');
      for (const r of ids) {
        assert.ok(!body.includes(r.national_id!), 'national ID absent');
        assert.ok(!body.includes(r.licence_no!), 'licence number absent');
      }
    }
  });
});

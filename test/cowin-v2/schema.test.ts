// Every implemented operation's responses, checked with ajv against the response schemas of the
// official YAMLs (docs/api-setu/, errata corrected in place and listed in docs/cowin-v2.md):
// JSON bodies against their schema, PDFs by content type, 204s empty. Every operation of the
// three YAMLs (public, protected, vaccinator) is either checked here or listed as not
// implemented, so a new route cannot go unchecked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/core/cowin/api-keys.js';
import { wallClock } from '../../src/core/shared/time.js';
import { createBeneficiary, createCentre, type TestCentre } from '../cowin/appointment-fixtures.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { sha256, v2Context, type V2Context } from './helpers.js';
import { operations, responseValidator, type SpecName } from './spec.js';

/** Operations of the YAMLs that Careslot does not serve, and why (docs/cowin-v2.md). */
const NOT_IMPLEMENTED: Record<string, string> = {
  'POST /v2/grievance/beneficiary/demographicCorrection': 'corrects certificates',
  'POST /v2/grievance/beneficiary/mergeMultipleAccounts': 'merges dose certificates',
  'POST /v2/grievance/beneficiary/removeBeneficiary': 'needs vaccination records',
  'POST /v2/grievance/beneficiary/transferBeneficiaryOTP': 'moves vaccination records between accounts',
  'POST /v2/grievance/beneficiary/transferBeneficiary': 'moves vaccination records between accounts',
  'POST /v2/grievance/beneficiary/updateToPassportId': 'edits certificates',
  'POST /v3/vaccination/generateOTP':
    'a second OTP flow by name; v3/vaccination/status takes the auth/confirmOTP token',
  'POST /v3/vaccination/confirmOTP': 'a second OTP flow by name; v3/vaccination/status takes the auth/confirmOTP token',
};

interface Call {
  spec: SpecName;
  op: string;
  status: number;
  body: unknown;
  contentType: string;
}

describe('responses match the official API Setu YAMLs', () => {
  let t: TestApp;
  let v: V2Context;
  let centre: TestCentre;
  const calls: Call[] = [];

  async function call(
    spec: SpecName,
    op: string,
    opts: { url?: string; payload?: object; headers?: Record<string, string> } = {},
  ) {
    const [method, path] = op.split(' ');
    const res = await t.app.inject({
      method: method as 'GET',
      url: `/api${opts.url ?? path}`,
      payload: opts.payload,
      headers: opts.headers,
    });
    const contentType = String(res.headers['content-type'] ?? '');
    const body = contentType.startsWith('application/json') ? res.json() : res.rawPayload;
    calls.push({ spec, op, status: res.statusCode, body, contentType });
    return res;
  }

  before(async () => {
    t = await testApp();
    v = await v2Context(t);
    centre = await createCentre(t.store, [5, 5], 1);
  });
  after(async () => t.close());

  it('calls every implemented operation', async () => {
    const mobile = '9000000201';
    const me = await v.as(mobile);
    const date = centre.slots[0].date;
    const hi = { 'accept-language': 'hi_IN' };
    for (const spec of ['public', 'protected'] as const) {
      const h = spec === 'public' ? hi : { ...me, ...hi };
      await call(spec, 'GET /v2/admin/location/states', { headers: h });
      await call(spec, 'GET /v2/admin/location/districts/{state_id}', {
        url: '/v2/admin/location/districts/21',
        headers: h,
      });
    }
    for (const [spec, prefix, headers] of [
      ['public', '/v2/appointment/sessions/public', hi],
      ['protected', '/v4/appointment/sessions', { ...me, ...hi }],
    ] as const) {
      for (const [name, q] of [
        ['findByPin', 'pincode=411001'],
        ['findByDistrict', 'district_id=363'],
        ['calendarByPin', 'pincode=411001'],
        ['calendarByDistrict', 'district_id=363'],
      ])
        await call(spec, `GET ${prefix}/${name}`, {
          url: `${prefix}/${name}?${q}&date=${date}&precaution_flag=false`,
          headers,
        });
    }
    await call('public', 'GET /v2/appointment/sessions/public/calendarByCenter', {
      url: `/v2/appointment/sessions/public/calendarByCenter?center_id=${centre.id}&date=${date}`,
    });
    await call('public', 'GET /v2/appointment/centers/public/findByLatLong', {
      url: '/v2/appointment/centers/public/findByLatLong?lat=18.5&long=73.8',
    });
    await call('protected', 'GET /v2/appointment/centers/findByLatLong', {
      url: '/v2/appointment/centers/findByLatLong?lat=18.5&long=73.8',
      headers: me,
    });
    // Public and protected OTP: the answers to a generate, and to a wrong OTP.
    for (const [spec, prefix] of [
      ['public', '/v2/auth/public'],
      ['protected', '/v2/auth'],
    ] as const) {
      const gen = await call(spec, `POST ${prefix}/generateOTP`, {
        payload: { mobile },
        headers: { 'x-api-key': v.key },
      });
      await call(spec, `POST ${prefix}/confirmOTP`, {
        payload: { otp: sha256('111111'), txnId: gen.json().txnId },
        headers: { 'x-api-key': v.key },
      });
    }
    await call('protected', 'GET /v2/registration/beneficiary/idTypes', { headers: me });
    await call('protected', 'GET /v2/registration/beneficiary/genders', { headers: { ...me, ...hi } });
    await call('protected', 'POST /v1/admin/photoIdConfiguration/getPhotoIdsBasedOnAge', {
      payload: { year: '1980' },
      headers: me,
    });
    const added = await call('protected', 'POST /v2/registration/beneficiary/new', {
      payload: {
        name: 'Meera Rao',
        birth_year: '1985',
        gender_id: 2,
        photo_id_type: 6,
        photo_id_number: 'MEERA1234R',
        consent_version: '1',
      },
      headers: me,
    });
    const ref = added.json().beneficiary_reference_id;
    const other = await createBeneficiary(t.store, v.guestId, mobile, 1990, 2, 'Ravi Rao');
    const sessions = (
      await t.app.inject({ url: `/api/v4/appointment/sessions/findByPin?pincode=411001&date=${date}`, headers: me })
    )
      .json()
      .sessions.filter((s: { center_id: number }) => s.center_id === centre.id);
    const booked = await call('protected', 'POST /v4/appointment/schedule', {
      payload: {
        center_id: centre.id,
        session_id: sessions[0].session_id,
        beneficiaries: [ref],
        slot: sessions[0].slots[0],
        is_precaution: false,
        dose: 1,
      },
      headers: me,
    });
    const appointmentId = booked.json().appointment_confirmation_no;
    await call('protected', 'GET /v4/appointment/beneficiaries', { headers: me });
    await call('protected', 'GET /v4/appointment/appointmentslip/download', {
      url: `/v4/appointment/appointmentslip/download?appointment_id=${appointmentId}`,
      headers: me,
    });
    const next = (
      await t.app.inject({
        url: `/api/v4/appointment/sessions/findByPin?pincode=411001&date=${centre.slots[1].date}`,
        headers: me,
      })
    )
      .json()
      .sessions.filter((s: { center_id: number }) => s.center_id === centre.id);
    await call('protected', 'POST /v4/appointment/reschedule', {
      payload: {
        appointment_id: appointmentId,
        session_id: next[0].session_id,
        slot: next[0].slots[0],
        is_precaution: false,
      },
      headers: me,
    });
    await call('protected', 'POST /v4/appointment/cancel', {
      payload: { appointment_id: appointmentId, beneficiariesToCancel: [] },
      headers: me,
    });
    await call('protected', 'POST /v2/registration/beneficiary/delete', {
      payload: { beneficiary_reference_id: String(other.referenceId) },
      headers: me,
    });
    await call('protected', 'GET /v2/grievance/beneficiary/grievanceStatus', { headers: me });
    // The Vaccinator API (a key of state 21, where the test centre is) and the certificates.
    const vk = { 'x-api-key': (await createApiKey(t.store.db, { name: 'V', scope: 'vaccinator', stateId: 21 })).key };
    const reg = await call('vaccinator', 'POST /v2/vaccinator/beneficiaries/new', {
      payload: {
        name: 'Asha Kale',
        birth_year: '1970',
        gender_id: 2,
        mobile_number: mobile,
        photo_id_type: 6,
        photo_id_number: 'ASHPK1234K',
        consent_version: '1',
      },
      headers: vk,
    });
    assert.equal(reg.statusCode, 200, reg.body);
    const vref = reg.json().beneficiary_reference_id;
    const byRef = `/v2/vaccinator/beneficiaries/findByReferenceId?beneficiary_reference_id=${vref}`;
    await call('vaccinator', 'GET /v2/vaccinator/beneficiaries/findByReferenceId', { url: byRef, headers: vk });
    const today = wallClock(new Date(), 'Asia/Kolkata').date.split('-').reverse().join('-');
    await call('vaccinator', 'POST /v2/vaccinator/beneficiaries/vaccinate', {
      payload: {
        beneficiary_reference_id: vref,
        center_id: centre.id,
        vaccine: 'COVISHIELD',
        vaccine_batch: 'B1',
        dose: 1,
        dose1_date: today,
        vaccinator_name: 'Prabha Devi',
      },
      headers: vk,
    });
    await call('vaccinator', 'GET /v2/vaccinator/beneficiaries/findByReferenceId', { url: byRef, headers: vk });
    await call('vaccinator', 'GET /v2/vaccinator/beneficiaries/findByMobile', {
      url: `/v2/vaccinator/beneficiaries/findByMobile?mobile_number=${mobile}`,
      headers: vk,
    });
    await call('vaccinator', 'GET /v2/vaccinator/certificate/download', {
      url: `/v2/vaccinator/certificate/download?beneficiary_reference_id=${vref}`,
      headers: vk,
    });
    await call('vaccinator', 'GET /v2/vaccinator/beneficiaries/findByReferenceId', {
      url: '/v2/vaccinator/beneficiaries/findByReferenceId',
      headers: vk,
    });
    for (const path of ['/v2/registration/certificate/download', '/v2/registration/certificate/downloadInternational'])
      await call('protected', `GET ${path}`, { url: `${path}?beneficiary_reference_id=${vref}`, headers: me });
    await call('public', 'GET /v2/registration/certificate/public/download', {
      url: `/v2/registration/certificate/public/download?beneficiary_reference_id=${vref}`,
      headers: { authorization: me.authorization },
    });
    await call('protected', 'GET /v3/vaccination/status', {
      url: `/v3/vaccination/status?beneficiary_reference_id=${vref}`,
      headers: me,
    });
    // Some refusals, whose bodies the YAMLs define too.
    await call('public', 'GET /v2/appointment/sessions/public/findByPin', {
      url: '/v2/appointment/sessions/public/findByPin?date=01-01-2030',
    });
    await call('public', 'POST /v2/auth/public/generateOTP', {
      payload: { mobile: '123' },
      headers: { 'x-api-key': v.key },
    });
    await call('protected', 'GET /v4/appointment/sessions/calendarByPin', {
      url: '/v4/appointment/sessions/calendarByPin?pincode=411001&date=99-99-2030',
      headers: me,
    });

    const ok = new Set(calls.filter((c) => c.status < 300).map((c) => `${c.spec} ${c.op}`));
    for (const op of operations('vaccinator')) assert.ok(ok.has(`vaccinator ${op}`), `${op} answered a success`);
    for (const op of ['GET /v2/registration/certificate/download', 'GET /v3/vaccination/status'])
      assert.ok(ok.has(`protected ${op}`), `${op} answered a success`);
    assert.ok(ok.has('public GET /v2/registration/certificate/public/download'));
    const covered = new Set(calls.map((c) => `${c.spec} ${c.op}`));
    for (const spec of ['public', 'protected', 'vaccinator'] as const)
      for (const op of operations(spec))
        assert.ok(
          covered.has(`${spec} ${op}`) || NOT_IMPLEMENTED[op],
          `${spec} ${op} is neither checked nor listed as not implemented`,
        );
  });

  it('validates every response against its YAML schema', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const c of calls) {
      const [method, path] = c.op.split(' ');
      const where = `${c.spec} ${c.op} → ${c.status}`;
      if (c.status === 204) {
        if ((c.body as Buffer).length !== 0) problems.push(`${where}: a 204 has a body`);
        checked++;
        continue;
      }
      if (/\/download(International)?$/.test(path) && c.status === 200) {
        if (c.contentType !== 'application/pdf') problems.push(`${where}: ${c.contentType}, not application/pdf`);
        checked++;
        continue;
      }
      const validate = responseValidator(c.spec, method.toLowerCase(), path, String(c.status));
      if (!validate) {
        if (c.status >= 400) continue; // the YAML describes no body for this status
        problems.push(`${where}: the YAML has no JSON schema for this answer`);
        continue;
      }
      checked++;
      if (!validate(c.body)) problems.push(`${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(checked >= 30, `${checked} responses checked`);
    assert.ok(calls.some((c) => c.status === 400) && calls.some((c) => c.status === 204));
  });
});

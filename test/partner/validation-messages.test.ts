// The partner dialects' validation messages (kids vaccination, video consultation, admin,
// payments): each names the field once and says what to send, in the envelope with 1001.
// The app's clock is fixed, so "in the past" never depends on the day the tests run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signToken } from '../../src/core/shared/tokens.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { operatorToken } from '../helpers/operators.js';
import { sandboxPartner, type PartnerClient } from '../helpers/partner.js';
import { roundTheClockDoctor } from '../video-consultation/api-helpers.js';

const NOW = new Date('2030-06-15T10:00:00Z');
const K = '/kids-vaccination/v1';
const V = '/video-consultation/v1';

const BOOK = {
  prd_id: 'KV-SANDBOX',
  partner_reference: 'order-1',
  services: ['kv-hexa'],
  provider_id: 'kvp-none',
  slot_id: '1',
  child: { name: 'Lina', birth_date: '2030-01-10', gender: 'female' },
  guardian: { name: 'Noura', mobile: '+966501234567' },
};
const BROWSE = { prd_id: 'KV-SANDBOX', services: ['kv-hexa'], date: '2030-06-20', location: { lat: 24.7, lng: 46.6 } };

describe('partner validation messages', () => {
  let t: TestApp;
  let a: PartnerClient;
  let doctor: string;
  let admin: string;
  before(async () => {
    t = await testApp({ now: () => NOW });
    a = sandboxPartner(t.app, t.config);
    doctor = (await roundTheClockDoctor(t.store)).code;
    admin = await operatorToken(t, 'admin');
  });
  after(async () => {
    await t.close();
  });

  const kidsCases: [string, string, unknown, string, string[]][] = [
    [
      'a value outside a union of constants',
      '/book',
      { ...BOOK, child: { ...BOOK.child, gender: 'girl' } },
      'child.gender must be one of: male, female',
      ['child.gender'],
    ],
    [
      'a date in another format',
      '/book',
      { ...BOOK, child: { ...BOOK.child, birth_date: '10/01/2030' } },
      'child.birth_date must be a date like 2026-12-01 (YYYY-MM-DD)',
      ['child.birth_date'],
    ],
    [
      'a missing nested field',
      '/book',
      { ...BOOK, guardian: { name: 'Noura' } },
      'guardian.mobile is required',
      ['guardian.mobile'],
    ],
    [
      'a malformed value with an example',
      '/book',
      { ...BOOK, guardian: { name: 'Noura', mobile: 'call me' } },
      'guardian.mobile must look like +966501234567',
      ['guardian.mobile'],
    ],
    [
      'a pattern with an example',
      '/book',
      { ...BOOK, partner_reference: 'order 1' },
      'partner_reference must look like order-10023',
      ['partner_reference'],
    ],
    ['an empty list', '/book', { ...BOOK, services: [] }, 'services must have at least 1 item', ['services']],
    ['an empty string', '/book', { ...BOOK, slot_id: '' }, 'slot_id must not be empty', ['slot_id']],
    [
      'a number out of range',
      '/browse',
      { ...BROWSE, location: { lat: 100, lng: 46.6 } },
      'location.lat must be at most 90',
      ['location.lat'],
    ],
    [
      'a date in the past',
      '/browse',
      { ...BROWSE, date: '2030-06-13' },
      'date 2030-06-13 is in the past; use today (2030-06-15) or later',
      ['date'],
    ],
    ['a wrong type', '/browse', { ...BROWSE, location: 'Riyadh' }, 'location must be an object', ['location']],
  ];
  for (const [name, path, body, message, fields] of kidsCases) {
    it(`kids ${path}: ${name}`, async () => {
      const res = await a.post(`${K}${path}`, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), { status: 1001, message, data: { info: { fields } } });
    });
  }

  it('kids /browse: today in the earliest time zone on Earth is not in the past', async () => {
    // 10:00 UTC on the 15th is still the 14th at UTC−12: a partner there may browse its today.
    const res = await a.post(`${K}/browse`, { ...BROWSE, date: '2030-06-14' });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('a body without Content-Type, or with another one, says to send JSON', async () => {
    const headers = { authorization: `Bearer ${a.token}` };
    for (const [type, message] of [
      [undefined, 'Content-Type is missing; send the body as JSON with Content-Type: application/json'],
      [
        'text/plain',
        'Content-Type: text/plain is not accepted here; send the body as JSON with Content-Type: application/json',
      ],
      [
        'application/x-www-form-urlencoded',
        'Content-Type: application/x-www-form-urlencoded is not accepted here; send the body as JSON with Content-Type: application/json',
      ],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${K}/services`,
        payload: type ? 'prd_id=KV-SANDBOX' : undefined,
        headers: type ? { ...headers, 'content-type': type } : headers,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().status, 1001);
      assert.equal(res.json().message, message);
    }
  });

  const videoCases: [string, string, string, string[]][] = [
    [
      'a date in the past (the doctor’s calendar)',
      'date=2030-06-14',
      'date 2030-06-14 is in the past; use today (2030-06-15) or later',
      ['date'],
    ],
    [
      'a date in another format',
      'date=15-06-2030',
      'querystring date must be a date like 2026-12-01 (YYYY-MM-DD)',
      ['date'],
    ],
  ];
  for (const [name, query, message, fields] of videoCases) {
    it(`video /slots: ${name}`, async () => {
      const res = await t.app.inject({ method: 'GET', url: `${V}/slots?doctor_id=${doctor}&${query}` });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), { status: 1001, message, data: { info: { fields } } });
    });
  }

  it('video /book: the patient’s fields are named once', async () => {
    const body = {
      partner_reference: 'ord-1',
      doctor_id: doctor,
      slot_id: 'sl_x',
      patient: { name: 'Fahad', mobile: '+966501234567', gender: 'm', birth_date: '1990-04-12' },
    };
    const res = await a.post(`${V}/book`, body);
    assert.deepEqual(res.json(), {
      status: 1001,
      message: 'patient.gender must be one of: male, female',
      data: { info: { fields: ['patient.gender'] } },
    });
  });

  it('admin: a union of constants, and an expired operator token says it expired', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/kids/providers',
      headers: { authorization: `Bearer ${admin}` },
      payload: {
        prd_id: 'KV-SANDBOX',
        name: 'X',
        type: 'hospital',
        lat: 1,
        lng: 1,
        service_radius_km: 5,
        services: ['kv-hexa'],
      },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().message, 'type must be one of: clinic, home_visit');
    const op = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString());
    const expired = await signToken(
      t.config.secret,
      { kind: 'operator', sub: op.sub, role: 'admin' },
      60,
      new Date('2020-01-01T00:00:00Z'),
    );
    const old = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/kids/providers?prd_id=KV-SANDBOX',
      headers: { authorization: `Bearer ${expired}` },
    });
    assert.equal(old.statusCode, 401, old.body);
    assert.deepEqual(old.json(), {
      status: 1002,
      message: 'the operator token has expired; log in again with POST /api/v1/admin/login',
      data: { info: {} },
    });
  });

  it('payments: the checkout form names its one field and its allowed values', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/payments/v1/sandbox/checkout/pay_abc',
      payload: 'action=maybe',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().message, 'action must be one of: approve, decline');
  });
});

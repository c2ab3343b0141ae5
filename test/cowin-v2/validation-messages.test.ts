// API Setu v2's validation messages: each names the field once and says what to send, in
// {errorCode, error}. The app's clock is fixed, so "in the past" never depends on the day the
// tests run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { beneficiaryToken } from '../../src/core/cowin/guests.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { PUBLIC_TEST_KEY, v2Context, type V2Context } from './helpers.js';

// 10:00 UTC is 15:30 in India: India's today is 15-06-2030.
const NOW = new Date('2030-06-15T10:00:00Z');

describe('CoWIN v2 validation messages', () => {
  let t: TestApp;
  let v2: V2Context;
  before(async () => {
    t = await testApp({ now: () => NOW });
    v2 = await v2Context(t);
  });
  after(async () => {
    await t.close();
  });
  const key = { 'x-api-key': PUBLIC_TEST_KEY };

  const cases: [string, () => Promise<{ statusCode: number; body: string; json(): unknown }>, string, string][] = [
    [
      'a session search on a day in the past',
      () =>
        t.app.inject({
          url: '/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=14-06-2030',
          headers: key,
        }),
      'USRRES0001',
      'date 14-06-2030 is in the past; use today (15-06-2030) or later',
    ],
    [
      'a calendar from a day in the past',
      () =>
        t.app.inject({
          url: '/api/v2/appointment/sessions/public/calendarByCenter?center_id=1&date=01-01-2030',
          headers: key,
        }),
      'USRRES0001',
      'date 01-01-2030 is in the past; use today (15-06-2030) or later',
    ],
    [
      'a body without Content-Type',
      () => t.app.inject({ method: 'POST', url: '/api/v2/auth/public/generateOTP', headers: key }),
      'USRRES0001',
      'Content-Type is missing; send the body as JSON with Content-Type: application/json',
    ],
    [
      'a JSON body sent as text/plain',
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v2/auth/public/generateOTP',
          payload: '{"mobile":"9999999999"}',
          headers: { ...key, 'content-type': 'text/plain' },
        }),
      'USRRES0001',
      'Content-Type: text/plain is not accepted here; send the body as JSON with Content-Type: application/json',
    ],
  ];
  for (const [name, request, errorCode, error] of cases) {
    it(name, async () => {
      const res = await request();
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), { errorCode, error });
    });
  }

  it('today is not in the past', async () => {
    const res = await t.app.inject({
      url: '/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=15-06-2030',
      headers: key,
    });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('an expired bearer token says it expired and how to get a new one', async () => {
    const old = await beneficiaryToken(t.config.secret, '9999999999', v2.guestId, new Date('2020-01-01T00:00:00Z'));
    const res = await t.app.inject({
      url: '/api/v2/appointment/beneficiaries',
      headers: { 'x-api-key': v2.key, authorization: `Bearer ${old}` },
    });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), {
      errorCode: 'USRAUT0001',
      error:
        'Unauthenticated access! The bearer token has expired; get a new one with auth/generateOTP and auth/confirmOTP.',
    });
  });
});

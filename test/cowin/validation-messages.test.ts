// The Registration & Appointment API's validation messages: each names the field once and
// says what to send, in {errorCode, error}. The app's clock is fixed, so "in the past" never
// depends on the day the tests run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signToken } from '../../src/core/shared/tokens.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { guestToken } from './api-helpers.js';

// 10:00 UTC is 15:30 in India: India's today is 15-06-2030.
const NOW = new Date('2030-06-15T10:00:00Z');

describe('CoWIN v1 validation messages', () => {
  let t: TestApp;
  let guest: string;
  before(async () => {
    t = await testApp({ now: () => NOW });
    guest = await guestToken(t.config);
  });
  after(async () => {
    await t.close();
  });

  const send = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      payload: payload as string | undefined,
      headers: { authorization: `Bearer ${guest}`, ...headers },
    });

  const cases: [string, () => ReturnType<typeof send>, number, string, string][] = [
    ['a missing field', () => send('POST', '/api/v1/auth/guest/login', {}), 400, 'APPOIN0001', 'user_name is required'],
    [
      'a body without Content-Type',
      () => t.app.inject({ method: 'POST', url: '/api/v1/auth/guest/login' }),
      400,
      'APPOIN0001',
      'Content-Type is missing; send the body as JSON with Content-Type: application/json',
    ],
    [
      'a JSON body sent as text/plain',
      () => send('POST', '/api/v1/auth/guest/login', '{"user_name":"x"}', { 'content-type': 'text/plain' }),
      400,
      'APPOIN0001',
      'Content-Type: text/plain is not accepted here; send the body as JSON with Content-Type: application/json',
    ],
    [
      'a schedule without beneficiaries',
      () => send('POST', '/api/v1/appointment/scheduleAppointment', { center_id: 1, date: '20-06-2030', slot_id: 1 }),
      400,
      'APPOIN0001',
      'beneficiaries is required',
    ],
    [
      'a schedule on a day in the past',
      () =>
        send('POST', '/api/v1/appointment/scheduleAppointment', {
          center_id: 1,
          date: '14-06-2030',
          slot_id: 1,
          beneficiaries: [12341234123412],
        }),
      400,
      'APPOIN0027',
      'date 14-06-2030 is in the past; use today (15-06-2030) or later',
    ],
    [
      'time slots up to a day in the past',
      () => send('GET', '/api/v1/appointment/timeslots/findByCenter?center_id=1&from=01-06-2030&to=14-06-2030'),
      400,
      'APPOIN0001',
      'to 14-06-2030 is in the past; use today (15-06-2030) or later',
    ],
  ];
  for (const [name, request, status, errorCode, error] of cases) {
    it(name, async () => {
      const res = await request();
      assert.equal(res.statusCode, status, res.body);
      assert.deepEqual(res.json(), { errorCode, error });
    });
  }

  it('time slots from a past day up to today are answered', async () => {
    const res = await send(
      'GET',
      '/api/v1/appointment/timeslots/findByCenter?center_id=1&from=01-06-2030&to=15-06-2030',
    );
    assert.equal(res.statusCode, 200, res.body);
  });

  it('an expired guest token says it expired and how to get a new one', async () => {
    const old = await signToken(t.config.secret, { kind: 'guest', sub: '1' }, 900, new Date('2020-01-01T00:00:00Z'));
    const res = await t.app.inject({
      url: '/api/v1/appointment/timeslots/findByCenter?center_id=1&from=20-06-2030&to=21-06-2030',
      headers: { authorization: `Bearer ${old}` },
    });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), {
      errorCode: 'USRAUT0001',
      error:
        'Unauthenticated access! The token has expired; a guest token lasts 15 minutes; get a new one with POST /api/v1/auth/guest/login, or get a new beneficiary token with POST /api/v1/auth/mobileOTP and /api/v1/auth/confirmMobileOTP.',
    });
    const bad = await t.app.inject({
      url: '/api/v1/appointment/timeslots/findByCenter?center_id=1&from=20-06-2030&to=21-06-2030',
      headers: { authorization: `Bearer ${old.slice(0, -4)}AAAA` },
    });
    assert.deepEqual(bad.json(), { errorCode: 'USRAUT0001', error: 'Unauthenticated access!' });
  });
});

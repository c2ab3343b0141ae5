// Issue 15, defects 7 and 11: date inputs bounded to a sane range; an SMS webhook on a port
// that Node's fetch refuses is caught at start.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createOperator } from '../../src/core/cowin/operators.js';
import { operatorToken } from '../cowin/api-helpers.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { TEST_SECRET } from '../helpers/db.js';

describe('date ranges', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await testApp();
    const a = await createOperator(t.store.db, {
      email: 'dates@sec.local',
      password: 'admin-password-1',
      role: 'admin',
    });
    admin = await operatorToken(t.config, a.id, 'admin');
  });
  after(async () => {
    await t.close();
  });

  it('(7) refuses time off in year 0128 or 8371, and a browse date in year 9999', async () => {
    const doctor = await t.store.db.selectFrom('practitioners').select('code').executeTakeFirstOrThrow();
    for (const [starts_at, ends_at] of [
      ['0128-01-01T00:00:00Z', '0128-01-02T00:00:00Z'],
      ['2026-12-01T00:00:00Z', '8371-01-01T00:00:00Z'],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/admin/v1/video/doctors/${doctor.code}/time-off`,
        payload: { starts_at, ends_at },
        headers: { authorization: `Bearer ${admin}` },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().status, 1001);
      assert.match(res.json().message, /between 2000 and 2100/);
    }
    const slots = await t.app.inject({
      method: 'GET',
      url: `${t.config.videoPrefix}/slots?doctor_id=${doctor.code}&date=9999-01-01`,
    });
    assert.equal(slots.statusCode, 400, slots.body);
  });
});

describe('SMS webhook port', () => {
  it('(11) refuses at start an SMS_WEBHOOK_URL on a port fetch will not call', () => {
    const env = { CARESLOT_SECRET: TEST_SECRET, DATABASE_URL: 'sqlite::memory:' };
    assert.throws(
      () => loadConfig({ ...env, SMS_WEBHOOK_URL: 'http://127.0.0.1:6000/sms' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'SMS_WEBHOOK_URL' && /port 6000/.test(e.message),
    );
    assert.equal(
      loadConfig({ ...env, SMS_WEBHOOK_URL: 'http://127.0.0.1:8080/sms' }).smsWebhookUrl,
      'http://127.0.0.1:8080/sms',
    );
  });
});
